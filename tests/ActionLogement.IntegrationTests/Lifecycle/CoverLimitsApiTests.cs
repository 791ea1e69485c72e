using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Core.Internal;
using static ActionLogement.IntegrationTests.Infrastructure.ApiScenario;

namespace ActionLogement.IntegrationTests.Lifecycle;

/// <summary>The instalment caps and the damage rules, on v2023 contracts set years in the past by the back office.</summary>
[Collection("cluster")]
public sealed class CoverLimitsApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_37th_instalment_of_a_private_contract_is_refused()
    {
        var s = await StartAsync(fixture);
        var first = new YearMonth(2022, 10);
        var visa = await s.VisaAsync(new DateOnly(2022, 9, 5));
        var number = await s.ContractAsync(visa, Lease("PRIVATE", new DateOnly(2022, 9, 20), first.FirstDay), new DateOnly(2022, 9, 22));

        var claim = await s.DeclareMonthByMonthAsync(number, first, 36, 800m);
        Assert.Equal(36, claim.GetProperty("instalmentsUsed").GetInt32());
        Assert.Equal(0, claim.GetProperty("instalmentsLeft").GetInt32());

        var key = Guid.NewGuid().ToString();
        var body = Declaration(first.AddMonths(36).FirstDay.AddDays(5), [first.AddMonths(36)], 800m);
        var the37th = await PostAsync(s.Staff, $"/api/v1/contracts/{number}/unpaid-rent", body, key);
        await Expect.ProblemAsync(the37th, HttpStatusCode.UnprocessableEntity, "instalment_cap_reached");

        // The contract keeps the refusal under its key; rebuilt from storage, its claim still leaves the month out.
        await fixture.Client.GetGrain<IContractGrain>(number).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var reloaded = await s.Staff.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{number}/unpaid-rent");
        Assert.Equal(36, reloaded.GetProperty("instalmentsUsed").GetInt32());
        Assert.Equal(36, reloaded.GetProperty("months").GetArrayLength());
        Assert.DoesNotContain(reloaded.GetProperty("months").EnumerateArray(), m => m.GetProperty("month").GetString() == first.AddMonths(36).ToString());
        var replay = await PostAsync(s.Staff, $"/api/v1/contracts/{number}/unpaid-rent", body, key);
        await Expect.ProblemAsync(replay, HttpStatusCode.UnprocessableEntity, "instalment_cap_reached");
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task The_10th_instalment_of_a_social_contract_is_refused()
    {
        var s = await StartAsync(fixture);
        var first = new YearMonth(2024, 1);
        var visa = await s.VisaAsync(new DateOnly(2023, 12, 1), profile: "STUDENT", studentProof: false);
        var number = await s.ContractAsync(visa, Lease("SOCIAL", new DateOnly(2023, 12, 15), first.FirstDay, rent: 450m, charges: 50m, deposit: 0m),
            new DateOnly(2024, 1, 10));

        Assert.Equal(9, (await s.DeclareMonthByMonthAsync(number, first, 9, 500m)).GetProperty("instalmentsUsed").GetInt32());

        var the10th = await PostAsync(s.Staff, $"/api/v1/contracts/{number}/unpaid-rent",
            Declaration(first.AddMonths(9).FirstDay.AddDays(5), [first.AddMonths(9)], 500m));
        await Expect.ProblemAsync(the10th, HttpStatusCode.UnprocessableEntity, "instalment_cap_reached");
    }

    [Fact]
    public async Task Damage_is_refused_in_the_social_park()
    {
        var s = await StartAsync(fixture);
        var visa = await s.VisaAsync(Today.AddDays(-60), profile: "STUDENT", studentProof: false);
        var effect = Today.AddDays(-40);
        var number = await s.ContractAsync(visa, Lease("SOCIAL", effect.AddDays(-5), effect, rent: 450m, charges: 50m, deposit: 0m), effect);
        var claim = await PostAsync(s.Staff, $"/api/v1/contracts/{number}/damage-claims", new
        {
            exitDate = Today.AddDays(-3).ToString("yyyy-MM-dd"),
            inventoryInDate = effect.ToString("yyyy-MM-dd"),
            inventoryOutDate = Today.AddDays(-3).ToString("yyyy-MM-dd"),
            repairCost = 1000m,
            depositKept = 0m,
        });
        await Expect.ProblemAsync(claim, HttpStatusCode.UnprocessableEntity, "damage_not_covered_for_park");
    }

    [Fact]
    public async Task A_damage_claim_sent_again_is_answered_as_the_first_and_a_second_claim_is_refused()
    {
        var s = await StartAsync(fixture);
        var effect = Today.AddDays(-400);
        var number = await s.ContractAsync(await s.VisaAsync(effect.AddDays(-20)), Lease("PRIVATE", effect.AddDays(-10), effect), effect.AddDays(-8));
        var claim = new Dictionary<string, object>
        {
            ["exitDate"] = Today.AddDays(-3).ToString("yyyy-MM-dd"),
            ["inventoryInDate"] = effect.ToString("yyyy-MM-dd"),
            ["inventoryOutDate"] = Today.AddDays(-3).ToString("yyyy-MM-dd"),
            ["repairCost"] = 1000m,
            ["depositKept"] = 0m,
        };
        var first = await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/contracts/{number}/damage-claims", claim), HttpStatusCode.OK);
        var again = await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/contracts/{number}/damage-claims", claim), HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("payoutId").GetString(), again.GetProperty("payoutId").GetString());

        // Over 397 days, the policy's 6 % a year: the answer says what was deducted for wear, the replay too.
        var wear = first.GetProperty("wearDeducted").GetDecimal();
        Assert.InRange(wear, 60m, 70m);
        Assert.Equal(1000m - wear, first.GetProperty("covered").GetDecimal());
        Assert.Equal(wear, again.GetProperty("wearDeducted").GetDecimal());

        claim["repairCost"] = 1500m;
        await Expect.ProblemAsync(await PostAsync(s.Staff, $"/api/v1/contracts/{number}/damage-claims", claim),
            HttpStatusCode.Conflict, "damage_already_claimed");
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM payouts_view WHERE contract_number = $1 AND kind = 'DAMAGE'", number));
    }

    [Fact]
    public async Task A_lease_s_wear_grid_is_taken_to_four_decimals_as_a_rate_not_as_money()
    {
        var s = await StartAsync(fixture);
        var effect = Today.AddDays(-400);
        var number = await s.ContractAsync(await s.VisaAsync(effect.AddDays(-20)), Lease("PRIVATE", effect.AddDays(-10), effect), effect.AddDays(-8));
        string Claim(string wearRate) => $$"""
            {"exitDate":"{{Today.AddDays(-3):yyyy-MM-dd}}","inventoryInDate":"{{effect:yyyy-MM-dd}}",
             "inventoryOutDate":"{{Today.AddDays(-3):yyyy-MM-dd}}","repairCost":1000.00,"depositKept":0,"wearRate":{{wearRate}}}
            """;

        var tooPrecise = await Expect.ProblemAsync(await PostJsonAsync(s.Staff, $"/api/v1/contracts/{number}/damage-claims", Claim("0.33333")),
            HttpStatusCode.BadRequest, "invalid_value");
        var error = Assert.Single(tooPrecise.GetProperty("errors").EnumerateArray());
        Assert.Equal(("wearRate", "A rate is a fraction with at most 4 decimals (0.3333)."),
            (error.GetProperty("field").GetString(), error.GetProperty("message").GetString()));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>("SELECT count(*) FROM payouts_view WHERE contract_number = $1", number));

        // A third of the cost, above the policy's 6 % a year over these 397 days: the grid's rate applies.
        var claimed = await Expect.JsonAsync(await PostJsonAsync(s.Staff, $"/api/v1/contracts/{number}/damage-claims", Claim("0.3333")),
            HttpStatusCode.OK);
        Assert.Equal((333.30m, 666.70m), (claimed.GetProperty("wearDeducted").GetDecimal(), claimed.GetProperty("covered").GetDecimal()));
    }

    [Fact]
    public async Task A_payout_recorded_by_the_back_office_is_created_on_the_stated_day_and_may_be_marked_paid_after_it()
    {
        var s = await StartAsync(fixture);
        var effect = Today.AddDays(-400);
        var number = await s.ContractAsync(await s.VisaAsync(effect.AddDays(-20)), Lease("PRIVATE", effect.AddDays(-10), effect), effect.AddDays(-8));
        var filedOn = Today.AddDays(-20);
        var claim = await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/contracts/{number}/damage-claims", new
        {
            exitDate = Today.AddDays(-30).ToString("yyyy-MM-dd"),
            inventoryInDate = effect.ToString("yyyy-MM-dd"),
            inventoryOutDate = Today.AddDays(-30).ToString("yyyy-MM-dd"),
            repairCost = 1000m,
            depositKept = 0m,
            filedOn = filedOn.ToString("yyyy-MM-dd"),
        }), HttpStatusCode.OK);
        var payoutId = claim.GetProperty("payoutId").GetString()!;
        Assert.Equal(filedOn.ToString("yyyy-MM-dd"), await TestDatabase.ScalarAsync<string>("SELECT created_on::text FROM payouts_view WHERE payout_id = $1", payoutId));

        await Expect.ProblemAsync(await PostAsync(s.Staff, $"/api/v1/payouts/{payoutId}/paid",
            new { bankReference = "VIR-BACK-0", paidOn = filedOn.AddDays(-1).ToString("yyyy-MM-dd") }), HttpStatusCode.UnprocessableEntity, "date_out_of_range");
        var paidOn = filedOn.AddDays(6);
        await Expect.JsonAsync(await PostAsync(s.Staff, $"/api/v1/payouts/{payoutId}/paid",
            new { bankReference = "VIR-BACK-1", paidOn = paidOn.ToString("yyyy-MM-dd") }), HttpStatusCode.OK);
        Assert.Equal(paidOn.ToString("yyyy-MM-dd"), await TestDatabase.ScalarAsync<string>("SELECT paid_on::text FROM payouts_view WHERE payout_id = $1", payoutId));
    }
}
