using System.Net;
using System.Text.Json;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Lifecycle;

/// <summary>
/// When the silo dies after a command's write and before its answer, the API answers 503 and frees the request's key
/// so that the client can retry (it cannot tell a command done from one never run). The retry must then find the first
/// run in the grain: a money command recorded twice would have the landlord owe the guarantor twice.
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

    private static decimal RefundOwed(JsonElement contract) => contract.GetProperty("claim").GetProperty("refundOwed").GetDecimal();
}
