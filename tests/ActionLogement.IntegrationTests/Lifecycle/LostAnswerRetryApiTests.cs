using System.Net;
using System.Text;
using System.Text.Json;
using ActionLogement.Api.Infrastructure;
using ActionLogement.Database;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Lifecycle;

/// <summary>
/// A command's answer lost after its grain's write: its silo died (the API answers 503 and frees the request's key), or
/// the API process itself (its claim on the key stays in progress, and is taken over after three minutes). Either way
/// the client retries under the same key, not knowing whether the first run did anything, and the retry must find that
/// run in the grain: a money command recorded twice would have the landlord owe the guarantor, or the tenant be
/// credited, twice.
/// </summary>
[Collection("cluster")]
public sealed class LostAnswerRetryApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_tenant_repayment_retried_after_its_answer_was_lost_is_recorded_once()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Effect.AddDays(-20));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        await Expect.JsonAsync(await PostAsync(s.Landlord, $"/api/v1/contracts/{number}/unpaid-rent",
            Declaration(Today, Months(EffectMonth.AddMonths(1), 3), 800m, DefaultDate, ReminderDate, LetterDate)), HttpStatusCode.OK);
        var path = $"/api/v1/contracts/{number}/tenant-repayments";
        var repayment = new { month = EffectMonth.AddMonths(1).ToString(), amount = 300m };
        var key = Guid.NewGuid().ToString();
        Assert.Equal(300m, RefundOwed(await Expect.JsonAsync(await PostAsync(s.Landlord, path, repayment, key), HttpStatusCode.OK)));

        // The answer lost with its silo: the API, having answered 503, freed the key (as AbandonAsync does).
        Assert.Equal(1, await TestDatabase.ScalarAsync<int>("DELETE FROM idempotency_keys WHERE key = $1 RETURNING 1", key));
        await fixture.Client.GetGrain<IContractGrain>(number).AsReference<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();

        Assert.Equal(300m, RefundOwed(await Expect.JsonAsync(await PostAsync(s.Landlord, path, repayment, key), HttpStatusCode.OK)));
        // Under that key another repayment is refused, by the contract itself now that the API has forgotten the key.
        Assert.Equal(1, await TestDatabase.ScalarAsync<int>("DELETE FROM idempotency_keys WHERE key = $1 RETURNING 1", key));
        await Expect.ProblemAsync(await PostAsync(s.Landlord, path, new { repayment.month, amount = 200m }, key),
            HttpStatusCode.Conflict, "idempotency_key_reused");

        // A second repayment of the same amount, under its own key, is a repayment of its own.
        Assert.Equal(600m, RefundOwed(await Expect.JsonAsync(await PostAsync(s.Landlord, path, repayment), HttpStatusCode.OK)));
    }

    [Fact]
    public async Task An_activation_retried_after_its_answer_was_lost_gets_the_contract_it_created()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Effect.AddDays(-20));
        var body = s.Activation(visa, Lease("PRIVATE", Effect.AddDays(-10), Effect), Effect.AddDays(-8));
        var key = Guid.NewGuid().ToString();
        var number = (await Expect.JsonAsync(await PostAsync(s.Staff, "/api/v1/contracts", body, key), HttpStatusCode.Created))
            .GetProperty("contractNumber").GetString();

        // The answer lost with its silo: the API freed the key. Run again, the request gets a new number, and the visa
        // held by the contract it created under the first; that contract is its answer, not visa_already_used.
        Assert.Equal(1, await TestDatabase.ScalarAsync<int>("DELETE FROM idempotency_keys WHERE key = $1 RETURNING 1", key));
        var retried = await PostAsync(s.Staff, "/api/v1/contracts", body, key);
        Assert.Equal(number, (await Expect.JsonAsync(retried, HttpStatusCode.Created)).GetProperty("contractNumber").GetString());
        Assert.Equal($"/api/v1/contracts/{number}", retried.Headers.Location?.ToString());

        // Under another key the same activation is another request, refused as before.
        await Expect.ProblemAsync(await PostAsync(s.Staff, "/api/v1/contracts", body), HttpStatusCode.Conflict, "visa_already_used");
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM contracts_view WHERE visa_number = $1", visa));
    }

    [Fact]
    public async Task A_partner_activation_retried_after_its_answer_was_lost_gets_the_contract_its_reference_names()
    {
        var s = await StartAsync(fixture);
        var partnerId = "AG-" + Guid.NewGuid().ToString("N")[..8];
        var partner = await fixture.ClientForAsync(Roles.Partner, partnerId, s.LandlordId);
        var visa = await s.VisaAsync(Today);
        var body = s.Activation(visa, Lease("PRIVATE", Today, Today), Today);
        body.Remove("registeredOn");
        body["externalRef"] = "REF-" + partnerId;
        var key = Guid.NewGuid().ToString();
        var number = (await Expect.JsonAsync(await PostAsync(partner, "/api/v1/contracts", body, key), HttpStatusCode.Created))
            .GetProperty("contractNumber").GetString();

        Assert.Equal(1, await TestDatabase.ScalarAsync<int>("DELETE FROM idempotency_keys WHERE key = $1 RETURNING 1", key));
        Assert.Equal(number, (await Expect.JsonAsync(await PostAsync(partner, "/api/v1/contracts", body, key), HttpStatusCode.Created))
            .GetProperty("contractNumber").GetString());
        await Expect.ProblemAsync(await PostAsync(partner, "/api/v1/contracts", body), HttpStatusCode.Conflict, "external_ref_already_used");
    }

    [Fact]
    public async Task Staff_steps_retried_after_their_answer_was_lost_are_recorded_once()
    {
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        var caseId = RecoveryCaseIds.For(contract);
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-" + Guid.NewGuid().ToString("N")[..8]);

        // Each step's answer lost with its silo: the API freed its key, and the retry reaches the case again.
        async Task<JsonElement> TwiceAsync(string step, object body)
        {
            var key = Guid.NewGuid().ToString();
            await Expect.JsonAsync(await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/{step}", body, key), HttpStatusCode.OK);
            Assert.Equal(1, await TestDatabase.ScalarAsync<int>("DELETE FROM idempotency_keys WHERE key = $1 RETURNING 1", key));
            return await Expect.JsonAsync(await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/{step}", body, key), HttpStatusCode.OK);
        }

        var contacted = await TwiceAsync("contacts", new { channel = "PHONE", note = "Called the tenant." });
        Assert.Single(contacted.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "contact");

        // The escalation and the write-off, done once, answer their retry with the case as it stands rather than
        // refusing a transition the first run already made.
        var escalated = await TwiceAsync("escalate",
            new { kind = "OVER_INDEBTEDNESS", reason = "Banque de France file", measure = "SUSPENSION", suspensionMonths = 12 });
        Assert.Equal("OVER_INDEBTEDNESS", escalated.GetProperty("state").GetString());
        Assert.Single(escalated.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "escalation");
        var writtenOff = await TwiceAsync("write-off", new { amount = 2400m, reason = "Tenant insolvent." });
        Assert.Equal(("CLOSED_WRITTEN_OFF", 2400m), (writtenOff.GetProperty("state").GetString(), writtenOff.GetProperty("writtenOff").GetDecimal()));
    }

    [Fact]
    public async Task A_staff_step_s_key_sent_again_with_another_body_after_its_answer_was_lost_is_refused_and_records_nothing()
    {
        var caseId = RecoveryCaseIds.For(await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]));
        var staff = await fixture.ClientForAsync(Roles.Staff, "staff-" + Guid.NewGuid().ToString("N")[..8]);
        var key = Guid.NewGuid().ToString();
        await Expect.JsonAsync(await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/contacts", new { channel = "PHONE", note = "Called." }, key),
            HttpStatusCode.OK);
        Assert.Equal(1, await TestDatabase.ScalarAsync<int>("DELETE FROM idempotency_keys WHERE key = $1 RETURNING 1", key));

        // The API no longer knows the key; the case does, with the body it was first sent with.
        await Expect.ProblemAsync(await PostAsync(staff, $"/api/v1/recovery-cases/{caseId}/contacts", new { channel = "EMAIL", note = "Wrote." }, key),
            HttpStatusCode.Conflict, "idempotency_key_reused");
        var view = await Expect.JsonAsync(await staff.GetAsync($"/api/v1/recovery-cases/{caseId}"), HttpStatusCode.OK);
        var contact = Assert.Single(view.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "contact");
        Assert.Contains("Called.", contact.ToString());
    }

    [Fact]
    public async Task A_payment_whose_API_died_under_it_is_run_again_by_its_retry_after_two_minutes_and_recorded_once()
    {
        var contract = await GrainScenario.ContractWithPayoutsAsync(fixture.Client, "T-" + Guid.NewGuid().ToString("N")[..8]);
        var caseId = RecoveryCaseIds.For(contract);
        var subject = "staff-" + Guid.NewGuid().ToString("N")[..8];
        var staff = await fixture.ClientForAsync(Roles.Staff, subject);
        var path = $"/api/v1/recovery-cases/{caseId}/payments";
        const string body = """{"amount":500.00,"paidOn":null}""";
        var key = Guid.NewGuid().ToString();

        // The dead request: the grain recorded the payment, then the API process died before answering, leaving its
        // claim on the key in progress, as only a live request completes or frees it.
        var recorded = await fixture.Client.GetGrain<IRecoveryCaseGrain>(caseId)
            .Pay(new PaymentEntry(key, 500m, ApiScenario.Today, null), $"{Roles.Staff}:{subject}");
        Assert.Equal(1900m, recorded.Case!.Debt);
        await ClaimAsync(subject, path, body, key, claimedAgo: TimeSpan.FromMinutes(1));

        // Claimed a minute ago, the request may still be running: the retry waits for it, then is told to come back.
        await Expect.ProblemAsync(await PostJsonAsync(staff, path, body, key), HttpStatusCode.Conflict, "idempotency_key_in_progress");

        // Past three minutes it is dead: the retry runs, and the case, knowing the key, records nothing more.
        await TestDatabase.ScalarAsync<int>("UPDATE idempotency_keys SET created_at = now() - interval '3 minutes' WHERE key = $1", key);
        var retried = await Expect.JsonAsync(await PostJsonAsync(staff, path, body, key), HttpStatusCode.OK);
        Assert.Equal((500m, 1900m), (retried.GetProperty("recovered").GetDecimal(), retried.GetProperty("debt").GetDecimal()));
        Assert.Single(retried.GetProperty("payments").EnumerateArray());

        // And that answer is the key's from now on.
        var replayed = await PostJsonAsync(staff, path, body, key);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
    }

    /// <summary>The claim an API process makes on a key when a request under it begins, made <paramref name="claimedAgo"/>.</summary>
    private static async Task ClaimAsync(string staffSubject, string path, string body, string key, TimeSpan claimedAgo)
    {
        var hash = IdempotencyStore.Hash("POST", path, Encoding.UTF8.GetBytes(body));
        await TestDatabase.ScalarAsync<int>(
            "INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ($1, $2, $3, now() - $4)",
            $"{Roles.Staff}:{staffSubject}:POST {path}", key, hash, claimedAgo);
    }

    private static decimal RefundOwed(JsonElement contract) => contract.GetProperty("claim").GetProperty("refundOwed").GetDecimal();
}
