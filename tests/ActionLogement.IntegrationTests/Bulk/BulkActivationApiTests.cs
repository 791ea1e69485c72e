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

    private static async Task<JsonElement> RunJobAsync(HttpClient http, string body, string mediaType)
    {
        var accepted = await http.PostAsync("/api/v1/bulk-activations", new StringContent(body, Encoding.UTF8, mediaType));
        var jobId = (await Expect.JsonAsync(accepted, HttpStatusCode.Accepted)).GetProperty("jobId").GetString()!;
        return await Eventually.ValueAsync(
            async () => await http.GetFromJsonAsync<JsonElement>($"/api/v1/bulk-activations/{jobId}"),
            j => j.GetProperty("state").GetString() is "DONE" or "FAILED", TimeSpan.FromMinutes(10));
    }

    private static async Task<List<JsonElement>> ResultsAsync(HttpClient http, string jobId)
    {
        var text = await http.GetStringAsync($"/api/v1/bulk-activations/{jobId}/results");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }
}
