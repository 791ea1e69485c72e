using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionLogement.Database;
using ActionLogement.IntegrationTests.Bulk;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Api;

/// <summary>
/// The OpenAPI document describes what the API really answers: a guarantee's whole life and its recovery, keys, a bulk
/// job and the usual refusals, every answer checked against the document (<see cref="OpenApiConformance"/>).
/// </summary>
[Collection("cluster")]
public sealed class OpenApiConformanceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_answer_of_a_guarantees_life_is_one_the_document_describes()
    {
        var document = await DocumentAsync();
        var conformance = new OpenApiConformance(document);
        var s = await StartAsync((role, subject) => ClientAsync(conformance, role, subject));

        // The visa, the landlord's view of it, the contract and the lists.
        var visa = await s.VisaAsync(Effect.AddDays(-20));
        await Expect.JsonAsync(await s.Staff.GetAsync($"/api/v1/visas/{visa}"), HttpStatusCode.OK);
        await Expect.JsonAsync(await s.Landlord.GetAsync($"/api/v1/visas/{visa}?lastName=Brahim"), HttpStatusCode.OK);
        await Expect.ProblemAsync(await PostAsync(s.Staff, "/api/v1/contracts",
            s.Activation(visa, Lease("PRIVATE", Effect.AddDays(-10), Effect, rent: 1900m), Effect.AddDays(-8))),
            HttpStatusCode.UnprocessableEntity, "rent_above_visa_ceiling");
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        await Expect.JsonAsync(await s.Landlord.GetAsync($"/api/v1/contracts/{number}"), HttpStatusCode.OK);
        await Expect.JsonAsync(await s.Landlord.GetAsync("/api/v1/contracts?limit=5"), HttpStatusCode.OK);

        // Three unpaid months, the claim, the payouts, one transferred, a tenant's repayment to the landlord.
        var key = Guid.NewGuid().ToString();
        var declaration = Declaration(Today, Months(EffectMonth.AddMonths(1), 3), 800m, DefaultDate, ReminderDate, LetterDate);
        var claim = await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent", declaration, key), HttpStatusCode.OK);
        await Expect.ProblemAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent",
            Declaration(Today, Months(EffectMonth.AddMonths(1), 1), 700m), key), HttpStatusCode.Conflict, "idempotency_key_reused");
        await Expect.JsonAsync(await s.Landlord.GetAsync($"/api/v1/contracts/{number}/unpaid-rent"), HttpStatusCode.OK);
        await Expect.JsonAsync(await s.Staff.GetAsync("/api/v1/payouts?status=PENDING&limit=5"), HttpStatusCode.OK);
        var first = EffectMonth.AddMonths(1).ToString();
        var payoutId = Month(claim, first).GetProperty("payoutId").GetString();
        await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/payouts/{payoutId}/paid", new { bankReference = "VIR-2026-0001" }), HttpStatusCode.OK);
        await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/tenant-repayments", new { month = first, amount = 100m }),
            HttpStatusCode.OK);

        await Expect.JsonAsync(await s.Staff.GetAsync("/api/v1/recovery-cases?state=AMICABLE&limit=5"), HttpStatusCode.OK);

        // A case as staff and as its tenant see it (the tenant's own visa, so a contract made through the grains: the API
        // dates a tenant's request today), worked through to a write-off.
        var tenantSubject = "T-" + Guid.NewGuid().ToString("N")[..8];
        var tenant = await ClientAsync(conformance, Roles.Tenant, tenantSubject);
        var caseId = RecoveryCaseIds.For(await GrainScenario.ContractWithPayoutsAsync(fixture.Client, tenantSubject));
        await Eventually.ValueAsync(async () => (await s.Staff.GetAsync($"/api/v1/recovery-cases/{caseId}")).StatusCode, c => c == HttpStatusCode.OK);
        await Expect.JsonAsync(await tenant.GetAsync($"/api/v1/recovery-cases/{caseId}"), HttpStatusCode.OK);
        await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/recovery-cases/{caseId}/contacts",
            new { channel = "phone", note = "Called the tenant", nextActionOn = Today.AddDays(10).ToString("yyyy-MM-dd") }), HttpStatusCode.OK);
        await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/recovery-cases/{caseId}/plan", new
        {
            monthlyAmount = 300m,
            firstDueDate = Today.AddDays(5).ToString("yyyy-MM-dd"),
            instalments = 8,
            tenantMonthlyResources = 1500m,
        }), HttpStatusCode.OK);
        await Expect.JsonAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 300m, reference = "VIR-1" }),
            HttpStatusCode.OK);
        await Expect.ProblemAsync(await PostAsync(tenant, $"/api/v1/recovery-cases/{caseId}/payments", new { amount = 99999m }),
            HttpStatusCode.UnprocessableEntity, "overpayment");
        await Expect.ProblemAsync(await PostAsync(s.Staff, $"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "LITIGATION", reason = "no answer", courtReference = "RG 26/001", courtDelayMonths = 12 }), HttpStatusCode.Conflict,
            "transition_not_allowed");
        await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/recovery-cases/{caseId}/escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", fileDate = Today.ToString("yyyy-MM-dd") }), HttpStatusCode.OK);
        await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/recovery-cases/{caseId}/write-off", new { amount = 2100m, reason = "insolvable" }),
            HttpStatusCode.OK);
        await Expect.ProblemAsync(await PostAsync(s.Staff, $"/api/v1/recovery-cases/{caseId}/tenant-refunds", new { amount = 10m, bankReference = "VIR-T" }),
            HttpStatusCode.UnprocessableEntity, "refund_above_owed");

        // The tenant leaves; the damage claim; a cancel now refused.
        await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/exit", new { exitDate = Today.ToString("yyyy-MM-dd") }),
            HttpStatusCode.OK);
        await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/damage-claims", new
        {
            exitDate = Today.ToString("yyyy-MM-dd"),
            inventoryInDate = Effect.ToString("yyyy-MM-dd"),
            inventoryOutDate = Today.ToString("yyyy-MM-dd"),
            repairCost = 4000m,
            depositKept = 700m,
        }), HttpStatusCode.OK);
        await Expect.ProblemAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/cancel", new { reason = "never moved in" }),
            HttpStatusCode.Conflict, "contract_not_active");

        // Refusals before any rule: malformed, no key, another's resource, unknown number, wrong role.
        using (var malformed = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/contracts/{number}/unpaid-rent"))
        {
            malformed.Content = new StringContent("{\"months\": [", Encoding.UTF8, "application/json");
            malformed.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            await Expect.ProblemAsync(await s.Landlord.SendAsync(malformed), HttpStatusCode.BadRequest, "malformed_request");
        }
        using var anonymous = new HttpClient(conformance, disposeHandler: false) { BaseAddress = s.Landlord.BaseAddress };
        await Expect.ProblemAsync(await anonymous.GetAsync($"/api/v1/contracts/{number}"), HttpStatusCode.Unauthorized, "unauthorized");
        var stranger = await ClientAsync(conformance, Roles.Landlord, "L-" + Guid.NewGuid().ToString("N")[..8]);
        await Expect.ProblemAsync(await stranger.GetAsync($"/api/v1/contracts/{number}"), HttpStatusCode.NotFound, "not_found");
        await Expect.ProblemAsync(await s.Landlord.GetAsync("/api/v1/payouts"), HttpStatusCode.Forbidden, "forbidden");

        // Keys, and a bulk job with its progress and results.
        var admin = await ClientAsync(conformance, Roles.Admin, "admin-openapi");
        var created = await Expect.JsonAsync(await admin.PostAsJsonAsync("/api/v1/keys", new { role = Roles.Landlord, subject = s.LandlordId }),
            HttpStatusCode.Created);
        await Expect.JsonAsync(await admin.GetAsync($"/api/v1/keys?subject={s.LandlordId}"), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/keys/{created.GetProperty("keyId").GetString()}")).StatusCode);
        var (_, partner, lines) = await BulkFile.ForNewPartnerAsync(fixture, 2);
        var bulk = await ClientAsync(conformance, Roles.Partner, partner, "L-" + partner);
        var job = await BulkActivationApiTests.RunJobAsync(bulk, string.Join('\n', lines) + "\n", "application/x-ndjson");
        Assert.Equal("DONE", job.GetProperty("state").GetString());
        Assert.Equal(2, (await bulk.GetStringAsync($"/api/v1/bulk-activations/{job.GetProperty("jobId").GetString()}/results"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.True(conformance.Violations.IsEmpty, string.Join("\n", conformance.Violations));
        // Every operation of the document was walked through.
        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}"));
        var answered = conformance.Checked.Select(c => c[..c.LastIndexOf(' ')]).ToHashSet();
        var unanswered = operations.Except(answered).ToList();
        Assert.True(unanswered.Count == 0, "not answered: " + string.Join(", ", unanswered));
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var response = await fixture.Api.CreateClient().GetAsync("/openapi/v1.json");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>A client of the test API with a fresh key, whose every answer <paramref name="conformance"/> checks.</summary>
    private async Task<HttpClient> ClientAsync(OpenApiConformance conformance, string role, string subject, params string[] managed)
    {
        var keyed = await fixture.ClientForAsync(role, subject, managed);
        var http = new HttpClient(conformance, disposeHandler: false) { BaseAddress = keyed.BaseAddress };
        http.DefaultRequestHeaders.Authorization = keyed.DefaultRequestHeaders.Authorization;
        return http;
    }
}
