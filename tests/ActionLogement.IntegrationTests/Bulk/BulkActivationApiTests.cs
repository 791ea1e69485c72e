using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionLogement.Database;
using Npgsql;

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

        // The staged rows, tenants' names and addresses, go once the job is over; its results stay.
        Assert.Equal(0, await Eventually.ValueAsync(() => TestDatabase.ScalarAsync<long>("SELECT count(*) FROM bulk_rows WHERE job_id = $1",
            first.GetProperty("jobId").GetString()!), n => n == 0, TimeSpan.FromSeconds(60)));
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
    public async Task Results_are_taken_in_parts_after_a_line()
    {
        var (http, _, lines) = await BulkFile.ForNewPartnerAsync(fixture, 5);
        var jobId = (await RunJobAsync(http, string.Join('\n', lines) + "\n", "application/x-ndjson")).GetProperty("jobId").GetString()!;

        var text = await http.GetStringAsync($"/api/v1/bulk-activations/{jobId}/results?after=2&limit=2");
        var part = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetInt32());
        Assert.Equal([3, 4], part);
        Assert.Equal(5, (await ResultsAsync(http, jobId)).Count);
        foreach (var query in new[] { "after=-1", "limit=0", "limit=1000001", "limit=abc" })
        {
            await Expect.ProblemAsync(await http.GetAsync($"/api/v1/bulk-activations/{jobId}/results?{query}"), HttpStatusCode.BadRequest, "invalid_value");
        }
    }

    [Fact]
    public async Task A_reference_whose_contract_was_cancelled_is_not_already_active_and_activates_nothing_new()
    {
        var (http, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 2);
        var file = string.Join('\n', lines) + "\n";
        var first = await RunJobAsync(http, file, "application/x-ndjson");
        var contracts = (await ResultsAsync(http, first.GetProperty("jobId").GetString()!)).Select(r => r.GetProperty("contractNumber").GetString()!).ToList();
        Assert.Equal(HttpStatusCode.OK, (await ApiScenario.PostAsync(http, $"/api/v1/contracts/{contracts[0]}/cancel", new { reason = "tenant never moved in" })).StatusCode);

        var again = await ResultsAsync(http, (await RunJobAsync(http, file, "application/x-ndjson")).GetProperty("jobId").GetString()!);
        Assert.Equal(("rejected", contracts[0], "contract_not_active"), (again[0].GetProperty("status").GetString(),
            again[0].GetProperty("contractNumber").GetString(), again[0].GetProperty("codes")[0].GetString()));
        Assert.Equal(("already_active", contracts[1]), (again[1].GetProperty("status").GetString(), again[1].GetProperty("contractNumber").GetString()));

        // A row under a new reference whose visa carries one of the partner's contracts is refused as it is alone, naming
        // that contract; the new reference is not taken (answered already_active, it would seem to name that contract).
        var renamed = lines[1].Replace($"{partner}-0000002", $"{partner}-renamed", StringComparison.Ordinal);
        var byVisa = (await ResultsAsync(http, (await RunJobAsync(http, renamed + "\n", "application/x-ndjson")).GetProperty("jobId").GetString()!)).Single();
        Assert.Equal(("rejected", contracts[1], "visa_already_used"), (byVisa.GetProperty("status").GetString(),
            byVisa.GetProperty("contractNumber").GetString(), byVisa.GetProperty("codes")[0].GetString()));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM partner_refs WHERE external_ref = $1", $"{partner}-renamed"));
        Assert.Equal(2, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
    }

    [Fact]
    public async Task Activations_sent_at_the_same_instant_under_one_reference_make_one_contract()
    {
        var (s, partner, http) = await PartnerOfNewLandlordAsync();
        var bodies = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 8; i++)
        {
            var body = s.Activation(await s.VisaAsync(ApiScenario.Today.AddDays(-3)), ApiScenario.Lease("PRIVATE", ApiScenario.Today.AddDays(-1), ApiScenario.Today),
                ApiScenario.Today);
            body["externalRef"] = "LEASE-RACE";
            bodies.Add(body);
        }

        var answers = await Task.WhenAll(bodies.Select(b => ApiScenario.PostAsync(http, "/api/v1/contracts", b)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await Expect.ProblemAsync(refused, HttpStatusCode.Conflict, "external_ref_already_used");
        }

        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1 AND external_ref = 'LEASE-RACE'", partner));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM partner_refs WHERE partner_id = $1", partner));
    }

    [Fact]
    public async Task A_single_activation_whose_reference_a_file_batch_is_committing_waits_for_it_and_is_refused()
    {
        var (s, partner, http) = await PartnerOfNewLandlordAsync();

        var fromFile = (await Expect.JsonAsync(await ApiScenario.PostAsync(http, "/api/v1/contracts", await ReferencedActivationAsync(s, "LEASE-F1")),
            HttpStatusCode.Created)).GetProperty("contractNumber").GetString()!;
        var alone = await ReferencedActivationAsync(s, "LEASE-F2");

        // A file batch's transaction, as BulkJobStore.CommitBatchAsync writes it: the reference is written, not yet committed.
        await using var batch = new NpgsqlConnection(TestDatabase.ConnectionString);
        await batch.OpenAsync();
        await using var tx = await batch.BeginTransactionAsync();
        await using (var copy = new NpgsqlCommand("INSERT INTO partner_refs VALUES ($1, 'LEASE-F2', $2)", batch, tx))
        {
            copy.Parameters.AddWithValue(partner);
            copy.Parameters.AddWithValue(fromFile);
            await copy.ExecuteNonQueryAsync();
        }

        var answer = ApiScenario.PostAsync(http, "/api/v1/contracts", alone);
        var waiting = await Eventually.ValueAsync(() => TestDatabase.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", batch.ProcessID), n => n > 0, TimeSpan.FromSeconds(20));
        Assert.True(waiting > 0, "The activation did not reach the reference the batch holds.");
        await tx.CommitAsync();

        var refused = await Expect.ProblemAsync(await answer, HttpStatusCode.Conflict, "external_ref_already_used");
        Assert.Contains(fromFile, refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1 AND external_ref = 'LEASE-F2'", partner));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
    }

    [Fact]
    public async Task A_reference_is_held_only_by_a_stored_contract()
    {
        var (s, partner, http) = await PartnerOfNewLandlordAsync();

        // A refused activation gives its reference back: the next one under it is activated.
        await Expect.ProblemAsync(await ApiScenario.PostAsync(http, "/api/v1/contracts", await ReferencedActivationAsync(s, "LEASE-R", rent: 9_000m)),
            HttpStatusCode.UnprocessableEntity, "rent_above_visa_ceiling");
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM partner_refs WHERE partner_id = $1", partner));
        await Expect.JsonAsync(await ApiScenario.PostAsync(http, "/api/v1/contracts", await ReferencedActivationAsync(s, "LEASE-R")), HttpStatusCode.Created);

        // A reservation left by an activation that stopped before storing its contract: a file row does not take the
        // reference (an activation may be under way), the next single activation does.
        var never = GrainScenario.NewContractNumber();
        await TestDatabase.ScalarAsync<int>("INSERT INTO partner_refs VALUES ($1, 'LEASE-S', $2)", partner, never);
        var result = await OneRowJobAsync(http, FileRow(await ReferencedActivationAsync(s, "LEASE-S")));
        Assert.Equal(("rejected", "external_ref_already_used"), (result.GetProperty("status").GetString(), result.GetProperty("codes")[0].GetString()));

        var created = await Expect.JsonAsync(await ApiScenario.PostAsync(http, "/api/v1/contracts", await ReferencedActivationAsync(s, "LEASE-S")), HttpStatusCode.Created);
        Assert.Equal(created.GetProperty("contractNumber").GetString(),
            await TestDatabase.ScalarAsync<string>("SELECT contract_number FROM partner_refs WHERE partner_id = $1 AND external_ref = 'LEASE-S'", partner));
        Assert.Equal(2, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
    }

    /// <summary>A single activation's body as a file row: the lease's fields flat.</summary>
    private static Dictionary<string, object?> FileRow(Dictionary<string, object?> activation)
    {
        var row = new Dictionary<string, object?>(activation);
        row.Remove("lease");
        foreach (var (name, value) in (Dictionary<string, object?>)activation["lease"]!)
        {
            row[name] = value;
        }

        return row;
    }

    private static async Task<JsonElement> OneRowJobAsync(HttpClient http, Dictionary<string, object?> row)
    {
        var job = await RunJobAsync(http, JsonSerializer.Serialize(row) + "\n", "application/x-ndjson");
        return (await ResultsAsync(http, job.GetProperty("jobId").GetString()!)).Single();
    }

    /// <summary>A new partner, managing a new landlord, and its client.</summary>
    private async Task<(ApiScenario S, string Partner, HttpClient Http)> PartnerOfNewLandlordAsync()
    {
        var s = await ApiScenario.StartAsync(fixture);
        var partner = "AG-" + Guid.NewGuid().ToString("N")[..6];
        return (s, partner, await fixture.ClientForAsync(Roles.Partner, partner, s.LandlordId));
    }

    /// <summary>A partner's activation under its own <paramref name="reference"/>, on a fresh visa.</summary>
    private static async Task<Dictionary<string, object?>> ReferencedActivationAsync(ApiScenario s, string reference, decimal rent = 700m)
    {
        var body = s.Activation(await s.VisaAsync(ApiScenario.Today.AddDays(-3)),
            ApiScenario.Lease("PRIVATE", ApiScenario.Today.AddDays(-1), ApiScenario.Today, rent), ApiScenario.Today);
        body["externalRef"] = reference;
        return body;
    }

    [Fact]
    public async Task A_partners_reference_names_one_contract_whether_activated_alone_or_in_bulk()
    {
        var (s, partner, http) = await PartnerOfNewLandlordAsync();
        Dictionary<string, object?> Activation(string visa)
        {
            var body = s.Activation(visa, ApiScenario.Lease("PRIVATE", ApiScenario.Today.AddDays(-1), ApiScenario.Today), ApiScenario.Today);
            body["externalRef"] = "LEASE-9";
            return body;
        }

        var firstVisa = await s.VisaAsync(ApiScenario.Today.AddDays(-3));
        var created = await Expect.JsonAsync(await ApiScenario.PostAsync(http, "/api/v1/contracts", Activation(firstVisa)), HttpStatusCode.Created);
        var number = created.GetProperty("contractNumber").GetString()!;

        // The same reference again, on another visa: refused, alone as in a file.
        var again = await Expect.ProblemAsync(await ApiScenario.PostAsync(http, "/api/v1/contracts",
            Activation(await s.VisaAsync(ApiScenario.Today.AddDays(-3)))), HttpStatusCode.Conflict, "external_ref_already_used");
        Assert.Contains(number, again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var spaced = Activation(await s.VisaAsync(ApiScenario.Today.AddDays(-3)));
        spaced["externalRef"] = " LEASE-9 ";
        await Expect.ProblemAsync(await ApiScenario.PostAsync(http, "/api/v1/contracts", spaced), HttpStatusCode.Conflict, "external_ref_already_used");
        spaced["externalRef"] = "  ";
        await Expect.ProblemAsync(await ApiScenario.PostAsync(http, "/api/v1/contracts", spaced), HttpStatusCode.BadRequest, "invalid_value");

        // A landlord naming the partner as its agent gives the lease the partner's reference: one the partner's own
        // activations and files find taken (the landlord sees the contract, the partner too).
        var landlordVisa = await s.VisaAsync(ApiScenario.Today.AddDays(-3));
        var byLandlord = Activation(landlordVisa);
        (byLandlord["agentId"], byLandlord["externalRef"]) = (partner, "LEASE-10");
        var landlords = (await Expect.JsonAsync(await ApiScenario.PostAsync(s.Landlord, "/api/v1/contracts", byLandlord), HttpStatusCode.Created))
            .GetProperty("contractNumber").GetString()!;
        var own = Activation(await s.VisaAsync(ApiScenario.Today.AddDays(-3)));
        own["externalRef"] = "LEASE-10";
        var taken = await Expect.ProblemAsync(await ApiScenario.PostAsync(http, "/api/v1/contracts", own), HttpStatusCode.Conflict, "external_ref_already_used");
        Assert.Contains(landlords, taken.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (own["agentId"], own["externalRef"]) = (partner, "LEASE-9");
        await Expect.ProblemAsync(await ApiScenario.PostAsync(s.Landlord, "/api/v1/contracts", own), HttpStatusCode.Conflict, "external_ref_already_used");
        // In a file, the same lease (its visa) under its reference is already_active; another visa under that reference is
        // another tenant's lease, refused naming the contract the reference has: answered already_active, the partner
        // would take that tenant for covered.
        var row = FileRow(Activation(firstVisa));
        var result = await OneRowJobAsync(http, row);
        Assert.Equal(("already_active", number), (result.GetProperty("status").GetString(), result.GetProperty("contractNumber").GetString()));
        row["externalRef"] = "LEASE-10";
        row["visaNumber"] = landlordVisa;
        result = await OneRowJobAsync(http, row);
        Assert.Equal(("already_active", landlords), (result.GetProperty("status").GetString(), result.GetProperty("contractNumber").GetString()));
        foreach (var (reference, holder) in new[] { ("LEASE-9", number), ("LEASE-10", landlords) })
        {
            row["externalRef"] = reference;
            row["visaNumber"] = await s.VisaAsync(ApiScenario.Today.AddDays(-3));
            result = await OneRowJobAsync(http, row);
            Assert.Equal(("rejected", "external_ref_already_used", holder), (result.GetProperty("status").GetString(),
                result.GetProperty("codes")[0].GetString(), result.GetProperty("contractNumber").GetString()));
            Assert.Contains((string)row["visaNumber"]!, result.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // That lease's visa under another reference is refused, naming the contract, as alone.
        row["visaNumber"] = landlordVisa;
        row["externalRef"] = "LEASE-11";
        result = await OneRowJobAsync(http, row);
        Assert.Equal(("rejected", "visa_already_used", landlords), (result.GetProperty("status").GetString(), result.GetProperty("codes")[0].GetString(),
            result.GetProperty("contractNumber").GetString()));
        Assert.Equal(2, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
    }

    [Fact]
    public async Task A_reference_repeated_in_one_file_names_the_first_rows_lease_only()
    {
        var (s, partner, http) = await PartnerOfNewLandlordAsync();
        var first = FileRow(await ReferencedActivationAsync(s, "LEASE-R"));
        var sameLease = new Dictionary<string, object?>(first);
        var otherLease = FileRow(await ReferencedActivationAsync(s, "LEASE-R"));
        var rows = new[] { first, sameLease, otherLease };

        var job = await RunJobAsync(http, string.Join('\n', rows.Select(r => JsonSerializer.Serialize(r))) + "\n", "application/x-ndjson");
        var results = await ResultsAsync(http, job.GetProperty("jobId").GetString()!);

        Assert.Equal(["activated", "already_active", "rejected"], results.Select(r => r.GetProperty("status").GetString()));
        var contract = results[0].GetProperty("contractNumber").GetString();
        Assert.All(results, r => Assert.Equal(contract, r.GetProperty("contractNumber").GetString()));
        Assert.Equal("external_ref_already_used", results[2].GetProperty("codes")[0].GetString());
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
    }

    [Fact]
    public async Task A_landlord_may_name_as_its_agent_only_a_partner_that_manages_it()
    {
        var s = await ApiScenario.StartAsync(fixture);
        var managing = "AG-" + Guid.NewGuid().ToString("N")[..6];
        var stranger = "AG-" + Guid.NewGuid().ToString("N")[..6];
        var managingHttp = await fixture.ClientForAsync(Roles.Partner, managing, s.LandlordId);
        var strangerHttp = await fixture.ClientForAsync(Roles.Partner, stranger, "L-" + Guid.NewGuid().ToString("N")[..8]);
        var visa = await s.VisaAsync(ApiScenario.Today.AddDays(-3));
        var body = s.Activation(visa, ApiScenario.Lease("PRIVATE", ApiScenario.Today.AddDays(-1), ApiScenario.Today), ApiScenario.Today);

        // A partner that does not manage the landlord would see the contract and its tenant: refused, nothing taken.
        body["agentId"] = stranger;
        var refused = await Expect.ProblemAsync(await ApiScenario.PostAsync(s.Landlord, "/api/v1/contracts", body),
            HttpStatusCode.UnprocessableEntity, "landlord_not_managed");
        Assert.Equal("agentId", refused.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Empty((await strangerHttp.GetFromJsonAsync<JsonElement>("/api/v1/contracts")).GetProperty("items").EnumerateArray());

        // Nor may a partner name another partner: its key acts as itself.
        await Expect.ProblemAsync(await ApiScenario.PostAsync(managingHttp, "/api/v1/contracts", body), HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty((await strangerHttp.GetFromJsonAsync<JsonElement>("/api/v1/contracts")).GetProperty("items").EnumerateArray());
        Assert.Empty((await managingHttp.GetFromJsonAsync<JsonElement>("/api/v1/contracts")).GetProperty("items").EnumerateArray());

        body["agentId"] = managing;
        var created = await Expect.JsonAsync(await ApiScenario.PostAsync(s.Landlord, "/api/v1/contracts", body), HttpStatusCode.Created);
        Assert.Equal(managing, created.GetProperty("agentId").GetString());

        // A partner that is itself the landlord (an institutional one) is its own agent, entered by the back office.
        var own = s.Activation(await s.VisaAsync(ApiScenario.Today.AddDays(-3)), ApiScenario.Lease("PRIVATE", ApiScenario.Today.AddDays(-1), ApiScenario.Today),
            ApiScenario.Today);
        (own["landlordId"], own["agentId"]) = (stranger, stranger);
        await Expect.JsonAsync(await ApiScenario.PostAsync(s.Staff, "/api/v1/contracts", own), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_contract_activated_in_bulk_behaves_like_one_activated_alone()
    {
        // The visas are requested over HTTP first, so their grains are active in memory when the batch reserves them
        // in PostgreSQL underneath.
        var s = await ApiScenario.StartAsync(fixture);
        // A partner registers a lease within the allowance (seven days back at most): signed and effective nine days ago.
        var effect = ApiScenario.Today.AddDays(-9);
        var visa = await s.VisaAsync(effect.AddDays(-20));
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
            ["signedOn"] = effect.ToString("yyyy-MM-dd"),
            ["effectiveOn"] = effect.ToString("yyyy-MM-dd"),
            ["termMonths"] = 36,
            ["registeredOn"] = ApiScenario.Today.ToString("yyyy-MM-dd"),
        });

        var job = await RunJobAsync(http, row + "\n", "application/x-ndjson");
        var result = (await ResultsAsync(http, job.GetProperty("jobId").GetString()!)).Single();
        Assert.True(job.GetProperty("activated").GetInt32() == 1, result.ToString());
        var number = result.GetProperty("contractNumber").GetString()!;

        var contract = await s.Landlord.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{number}");
        Assert.Equal(("ACTIVE", 36, "LEASE-1"), (contract.GetProperty("status").GetString(),
            contract.GetProperty("cover").GetProperty("maxInstalments").GetInt32(), contract.GetProperty("externalRef").GetString()));
        var visaView = await s.Staff.GetFromJsonAsync<JsonElement>($"/api/v1/visas/{visa}");
        Assert.Equal(number, visaView.GetProperty("usedByContract").GetString());
        await Expect.ProblemAsync(await ApiScenario.PostAsync(s.Staff, "/api/v1/contracts",
            s.Activation(visa, ApiScenario.Lease("PRIVATE", effect, effect), ApiScenario.Today)),
            HttpStatusCode.Conflict, "visa_already_used");

        // The lease's first month, due on its first day, wholly unpaid: one month of rent and charges is a default.
        var declared = await ApiScenario.PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", ApiScenario.Declaration(
            ApiScenario.Today, [YearMonth.From(effect)], due: 800m, defaultDate: ApiScenario.Today.AddDays(-3),
            reminderDate: ApiScenario.Today.AddDays(-2), letterDate: ApiScenario.Today.AddDays(-1)));
        var claim = await Expect.JsonAsync(declared, HttpStatusCode.OK);
        Assert.Equal((1, 800m), (claim.GetProperty("instalmentsUsed").GetInt32(), claim.GetProperty("debt").GetDecimal()));

        var exitDate = ApiScenario.Today.AddDays(-5).ToString("yyyy-MM-dd");
        var exited = await s.Landlord.PostAsJsonAsync($"/api/v1/contracts/{number}/exit", new { exitDate });
        Assert.Equal("ENDED", (await Expect.JsonAsync(exited, HttpStatusCode.OK)).GetProperty("status").GetString());
        var damage = await ApiScenario.PostAsync(s.Landlord, $"/api/v1/contracts/{number}/damage-claims", new
        {
            exitDate,
            inventoryInDate = effect.ToString("yyyy-MM-dd"),
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
    public async Task A_negative_rent_in_a_file_is_invalid_amount_as_it_is_alone()
    {
        var (s, partner, http) = await PartnerOfNewLandlordAsync();
        var result = await OneRowJobAsync(http, FileRow(await ReferencedActivationAsync(s, "LEASE-N", rent: -600m)));
        Assert.Equal(("rejected", "invalid_amount"), (result.GetProperty("status").GetString(), result.GetProperty("codes")[0].GetString()));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE agent_id = $1", partner));
    }

    [Fact]
    public async Task A_row_registered_ahead_or_backdated_past_the_allowance_is_rejected_alone()
    {
        // As for one lease activated by a partner: otherwise a file would slip leases past registration_late.
        var (http, _, lines) = await BulkFile.ForNewPartnerAsync(fixture, 3);
        var today = ApiScenario.Today;
        lines[0] = lines[0].Replace($"\"registeredOn\":\"{today:yyyy-MM-dd}\"", $"\"registeredOn\":\"{today.AddDays(-20):yyyy-MM-dd}\"", StringComparison.Ordinal);
        lines[1] = lines[1].Replace($"\"registeredOn\":\"{today:yyyy-MM-dd}\"", $"\"registeredOn\":\"{today.AddDays(3):yyyy-MM-dd}\"", StringComparison.Ordinal);

        var job = await RunJobAsync(http, string.Join('\n', lines) + "\n", "application/x-ndjson");
        var results = await ResultsAsync(http, job.GetProperty("jobId").GetString()!);
        Assert.Equal(["rejected", "rejected", "activated"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.All(results.Take(2), r => Assert.Equal(RuleCodes.DateOutOfRange, r.GetProperty("codes")[0].GetString()));
        Assert.Contains("in the future", results[1].GetProperty("detail").GetString());
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

    [Theory]
    [InlineData("", "application/x-ndjson")]
    [InlineData("\n\n", "application/x-ndjson")]
    [InlineData("externalRef,visaNumber,tenantLastName,landlordId\n", "text/csv")]
    [InlineData("\r\n\nexternalRef,visaNumber,tenantLastName,landlordId\n\n\r\n", "text/csv")]
    public async Task A_file_without_rows_is_400_and_makes_no_job(string body, string mediaType)
    {
        var http = await fixture.ClientForAsync(Roles.Partner, "AG-empty");
        var response = await http.PostAsync("/api/v1/bulk-activations", new StringContent(body, Encoding.UTF8, mediaType));
        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "file_empty");
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM bulk_jobs WHERE partner_id = 'AG-empty'"));
    }

    [Fact]
    public async Task An_unsupported_media_type_is_415()
    {
        var http = await fixture.ClientForAsync(Roles.Partner, "AG-media");
        var response = await http.PostAsync("/api/v1/bulk-activations", new StringContent("<rows/>", Encoding.UTF8, "application/xml"));
        await Expect.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        // A compressed file is refused whole, not read as rows of noise.
        using var gzip = new StringContent("{}\n", Encoding.UTF8, "application/x-ndjson");
        gzip.Headers.ContentEncoding.Add("gzip");
        await Expect.ProblemAsync(await http.PostAsync("/api/v1/bulk-activations", gzip), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM bulk_jobs WHERE partner_id = 'AG-media'"));
    }

    internal static Task<JsonElement> RunJobAsync(HttpClient http, string body, string mediaType) =>
        RunJobAsync(http, new StringContent(body, Encoding.UTF8, mediaType));

    internal static async Task<JsonElement> RunJobAsync(HttpClient http, HttpContent body)
    {
        var accepted = await http.PostAsync("/api/v1/bulk-activations", body);
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
