using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionLogement.Database;

namespace ActionLogement.IntegrationTests.Bulk;

[Collection("cluster")]
public sealed class BulkActivationApiTests(ClusterFixture fixture)
{
    private const int Rows = 100_000;

    [Fact]
    public async Task A_100k_row_job_activates_what_it_should_and_a_reupload_creates_nothing_new()
    {
        var partner = "AG-" + Guid.NewGuid().ToString("N")[..6];
        var landlord = "L-" + partner;
        var http = await fixture.ClientForAsync(Roles.Partner, partner, landlord);
        var file = await BulkFile.CreateAsync(fixture.Client, partner, landlord, Rows);

        var first = await RunJobAsync(http, file.Ndjson, "application/x-ndjson");
        Assert.Equal("DONE", first.GetProperty("state").GetString());
        Assert.Equal(Rows, first.GetProperty("processed").GetInt32());
        Assert.Equal(file.ExpectedActivated, first.GetProperty("activated").GetInt32());
        Assert.Equal(file.ExpectedAboveCeiling + file.ExpectedMalformed, first.GetProperty("rejected").GetInt32());
        Assert.Equal(file.ExpectedActivated, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));

        var results = await ResultsAsync(http, first.GetProperty("jobId").GetString()!);
        Assert.Equal(Rows, results.Count);
        Assert.Equal(file.ExpectedAboveCeiling, results.Count(r => r.GetProperty("codes").EnumerateArray().Any(c => c.GetString() == "rent_above_visa_ceiling")));
        Assert.Equal(file.ExpectedMalformed, results.Count(r => r.GetProperty("codes").EnumerateArray().Any(c => c.GetString() == "row_malformed")));
        Assert.All(results.Where(r => r.GetProperty("status").GetString() == "activated"),
            r => Assert.True(ContractNumber.IsValid(r.GetProperty("contractNumber").GetString()!)));

        var again = await RunJobAsync(http, file.Ndjson, "application/x-ndjson");
        Assert.Equal(0, again.GetProperty("activated").GetInt32());
        Assert.Equal(file.ExpectedActivated, again.GetProperty("alreadyActive").GetInt32());
        Assert.Equal(file.ExpectedActivated, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
        var replayed = await ResultsAsync(http, again.GetProperty("jobId").GetString()!);
        var byLine = results.ToDictionary(r => r.GetProperty("line").GetInt32());
        Assert.All(replayed.Where(r => r.GetProperty("status").GetString() == "already_active"), r =>
            Assert.Equal(byLine[r.GetProperty("line").GetInt32()].GetProperty("contractNumber").GetString(), r.GetProperty("contractNumber").GetString()));
    }

    [Fact]
    public async Task A_contract_activated_in_bulk_behaves_like_one_activated_alone()
    {
        // The visas are requested over HTTP first, so their grains are active in memory when the batch reserves them
        // in PostgreSQL underneath.
        var s = await ApiScenario.StartAsync(fixture);
        var effectMonth = YearMonth.From(ApiScenario.Today).AddMonths(-5);
        var visa = await s.VisaAsync(effectMonth.FirstDay.AddDays(-20));
        var partner = "AG-" + Guid.NewGuid().ToString("N")[..6];
        var http = await fixture.ClientForAsync(Roles.Partner, partner, s.LandlordId);
        var row = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["externalRef"] = "LEASE-1",
            ["visaNumber"] = visa,
            ["tenantLastName"] = "BRAHIM",
            ["tenantFirstName"] = "Cloane",
            ["landlordId"] = s.LandlordId,
            ["park"] = "PRIVATE",
            ["zone"] = "IDF",
            ["address"] = "57 rue Ernest Renan 92000 Nanterre",
            ["rent"] = 700m,
            ["charges"] = 100m,
            ["deposit"] = 700m,
            ["signedOn"] = effectMonth.FirstDay.AddDays(-10).ToString("yyyy-MM-dd"),
            ["effectiveOn"] = effectMonth.FirstDay.ToString("yyyy-MM-dd"),
            ["termMonths"] = 36,
            ["registeredOn"] = effectMonth.FirstDay.AddDays(-8).ToString("yyyy-MM-dd"),
        });

        var job = await RunJobAsync(http, row + "\n", "application/x-ndjson");
        Assert.Equal(1, job.GetProperty("activated").GetInt32());
        var number = (await ResultsAsync(http, job.GetProperty("jobId").GetString()!)).Single().GetProperty("contractNumber").GetString()!;

        var contract = await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{number}");
        Assert.Equal(("ACTIVE", 36, "LEASE-1"), (contract.GetProperty("status").GetString(),
            contract.GetProperty("cover").GetProperty("maxInstalments").GetInt32(), contract.GetProperty("externalRef").GetString()));
        var visaView = await s.Staff.GetFromJsonAsync<JsonElement>($"/api/v1/visas/{visa}");
        Assert.Equal(number, visaView.GetProperty("usedByContract").GetString());
        await Expect.ProblemAsync(await ApiScenario.PostAsync(s.Staff, "/api/v1/contracts",
            s.Activation(visa, ApiScenario.Lease("PRIVATE", effectMonth.FirstDay.AddDays(-10), effectMonth.FirstDay),
                effectMonth.FirstDay.AddDays(-8))),
            HttpStatusCode.Conflict, "visa_already_used");

        var declared = await ApiScenario.PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", ApiScenario.Declaration(
            ApiScenario.Today, ApiScenario.Months(effectMonth.AddMonths(1), 2), due: 800m, defaultDate: ApiScenario.Today.AddDays(-20),
            reminderDate: ApiScenario.Today.AddDays(-18), letterDate: ApiScenario.Today.AddDays(-10)));
        var claim = await Expect.JsonAsync(declared, HttpStatusCode.OK);
        Assert.Equal((2, 1600m), (claim.GetProperty("instalmentsUsed").GetInt32(), claim.GetProperty("debt").GetDecimal()));

        var exitDate = ApiScenario.Today.AddDays(-5).ToString("yyyy-MM-dd");
        var exited = await s.Landlord.PostAsJsonAsync($"/api/v1/contracts/{number}/exit", new { exitDate });
        Assert.Equal("ENDED", (await Expect.JsonAsync(exited, HttpStatusCode.OK)).GetProperty("status").GetString());
        var damage = await ApiScenario.PostAsync(s.Landlord, $"/api/v1/contracts/{number}/damage-claims", new
        {
            exitDate,
            inventoryInDate = effectMonth.FirstDay.ToString("yyyy-MM-dd"),
            inventoryOutDate = exitDate,
            repairCost = 4000m,
            depositKept = 700m,
        });
        Assert.Equal(1600m, (await Expect.JsonAsync(damage, HttpStatusCode.OK)).GetProperty("covered").GetDecimal());
    }

    [Fact]
    public async Task A_malformed_csv_gives_per_row_codes_never_a_500()
    {
        var partner = "AG-" + Guid.NewGuid().ToString("N")[..6];
        var http = await fixture.ClientForAsync(Roles.Partner, partner);
        var csv = """
            externalRef,visaNumber,tenantLastName,landlordId,park,zone,address,lease.rent,charges,deposit,signedOn,effectiveOn
            R1,V10000000001,DOE,PARTNER,PRIVATE,IDF,"1 rue X",abc,0,0,2026-01-01,2026-01-01
            R2,V10000000002,DOE,PARTNER,PRIVATE,IDF,"1 rue X",700,0,0,2026-13-01,2026-01-01
            R3,"unterminated
            """.Replace("PARTNER", partner);
        var job = await RunJobAsync(http, csv, "text/csv");
        Assert.Equal("DONE", job.GetProperty("state").GetString());
        var results = await ResultsAsync(http, job.GetProperty("jobId").GetString()!);
        Assert.All(results, r => Assert.Equal("rejected", r.GetProperty("status").GetString()));
        Assert.Contains(results, r => r.GetProperty("detail").GetString()!.StartsWith("rent"));
        Assert.Contains(results, r => r.GetProperty("detail").GetString()!.StartsWith("signedOn"));
    }

    [Fact]
    public async Task A_partner_cannot_read_another_partners_job()
    {
        var owner = await fixture.ClientForAsync(Roles.Partner, "AG-owner-" + Guid.NewGuid().ToString("N")[..4]);
        var job = await RunJobAsync(owner, "{\"externalRef\":\"X\"}\n", "application/x-ndjson");
        var jobId = job.GetProperty("jobId").GetString()!;
        var other = await fixture.ClientForAsync(Roles.Partner, "AG-other");
        await Expect.ProblemAsync(await other.GetAsync($"/api/v1/bulk-activations/{jobId}"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await other.GetAsync($"/api/v1/bulk-activations/{jobId}/results"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_unsupported_media_type_is_415()
    {
        var http = await fixture.ClientForAsync(Roles.Partner, "AG-media");
        var response = await http.PostAsync("/api/v1/bulk-activations", new StringContent("<rows/>", Encoding.UTF8, "application/xml"));
        await Expect.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    internal static async Task<JsonElement> RunJobAsync(HttpClient http, string body, string mediaType)
    {
        var accepted = await http.PostAsync("/api/v1/bulk-activations", new StringContent(body, Encoding.UTF8, mediaType));
        var jobId = (await Expect.JsonAsync(accepted, HttpStatusCode.Accepted)).GetProperty("jobId").GetString()!;
        return await Eventually.ValueAsync(
            async () => await http.GetFromJsonAsync<JsonElement>($"/api/v1/bulk-activations/{jobId}"),
            j => j.GetProperty("state").GetString() is "DONE" or "FAILED", TimeSpan.FromMinutes(10));
    }

    internal static async Task<List<JsonElement>> ResultsAsync(HttpClient http, string jobId)
    {
        var text = await http.GetStringAsync($"/api/v1/bulk-activations/{jobId}/results");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }
}
