using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.UnpaidRent;

public sealed class CoverLimitTests
{
    private static MonthDeclaration[] Months(string first, int count) =>
        Enumerable.Range(0, count).Select(i => new MonthDeclaration(M(first).AddMonths(i), 1000m, 0m, 0m)).ToArray();

    /// <summary>
    /// Each month declared in time, as a landlord keeps a claim going: the first opens the claim 19 days after its due
    /// date, each next one is declared 5 days after its own.
    /// </summary>
    private static (RentClaim Claim, List<MonthOutcome> Months, List<PayoutOrder> Payouts) MonthByMonth(ContractTerms terms, MonthDeclaration[] months)
    {
        var claim = RentClaim.Empty;
        var outcomes = new List<MonthOutcome>();
        var payouts = new List<PayoutOrder>();
        foreach (var month in months)
        {
            var due = month.Month.FirstDay;
            var outcome = Apply(terms, claim, claim.Opened ? Later(due.AddDays(5).ToString("yyyy-MM-dd"), month) : Opening(due.AddDays(19).ToString("yyyy-MM-dd"), month));
            Assert.Empty(outcome.Violations);
            claim = outcome.Claim;
            outcomes.AddRange(outcome.Months);
            payouts.AddRange(outcome.Payouts);
        }

        return (claim, outcomes, payouts);
    }

    [Fact]
    public void An_unpaid_above_the_contract_rent_is_covered_up_to_it()
    {
        var outcome = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09", due: 1200m), Month("2025-10")));
        Assert.Equal(new MonthOutcome(M("2025-09"), 1000m, RuleCodes.AmountAboveRent), outcome.Months[0]);
    }

    [Fact]
    public void A_private_contract_pays_36_instalments_and_refuses_the_37th()
    {
        var (claim, outcomes, payouts) = MonthByMonth(Terms(), Months("2025-07", 37));
        Assert.Equal(36, payouts.Count);
        Assert.Equal(36, claim.InstalmentsUsed);
        Assert.Equal(new MonthOutcome(M("2028-07"), 0m, RuleCodes.InstalmentCapReached), outcomes[^1]);
    }

    [Fact]
    public void A_social_contract_pays_9_instalments_and_refuses_the_10th()
    {
        var (claim, outcomes, _) = MonthByMonth(Terms(Park.Social), Months("2025-07", 10));
        Assert.Equal(9, claim.InstalmentsUsed);
        Assert.Equal(RuleCodes.InstalmentCapReached, outcomes[^1].Code);
        Assert.All(outcomes.Take(9), m => Assert.Null(m.Code));
    }

    [Fact]
    public void The_cap_holds_across_declarations()
    {
        var first = MonthByMonth(Terms(Park.Collective), Months("2025-07", 8)).Claim;
        var second = Apply(Terms(Park.Collective), first, Later("2026-03-12", Month("2026-03"), Month("2026-04", due: 0m)));
        var third = Apply(Terms(Park.Collective), second.Claim, Later("2026-04-12", Month("2026-04")));
        Assert.Equal(9, third.Claim.InstalmentsUsed);
        Assert.Equal(RuleCodes.InstalmentCapReached, third.Months[0].Code);
    }

    [Fact]
    public void A_partly_covered_month_consumes_one_instalment()
    {
        var outcome = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09"), Month("2025-10", paid: 700m)));
        Assert.Equal(2, outcome.Claim.InstalmentsUsed);
        Assert.Equal(300m, outcome.Months[1].Covered);
    }

    [Fact]
    public void A_2026_contract_covers_the_36th_month_after_the_effect_month_but_not_the_37th()
    {
        var terms = Terms(effectiveOn: "2026-01-06", policy: V2026);
        var outcome = Apply(terms, RentClaim.Empty, Opening("2029-01-20", Month("2028-12"), Month("2029-01")), V2026);
        Assert.Equal([new MonthOutcome(M("2028-12"), 1000m, null), new MonthOutcome(M("2029-01"), 0m, RuleCodes.OutsideCoverPeriod)], outcome.Months);
    }

    [Fact]
    public void A_2023_contract_has_no_cover_period_limit()
    {
        var terms = Terms(effectiveOn: "2026-01-05", policy: V2023);
        var outcome = Apply(terms, RentClaim.Empty, Opening("2029-01-20", Month("2028-12"), Month("2029-01")));
        Assert.All(outcome.Months, m => Assert.Equal(new MonthOutcome(m.Month, 1000m, null), m));
    }

    [Theory]
    [InlineData("2026-03-15", null)]
    [InlineData("2026-03-31", RuleCodes.AfterExit)]
    [InlineData("2026-04-01", null)]
    public void Months_starting_after_the_exit_date_are_not_covered(string exitDate, string? aprilCode)
    {
        var outcome = Apply(Terms(exitDate: exitDate), RentClaim.Empty, Opening("2026-04-20", Month("2026-03"), Month("2026-04")));
        Assert.Null(outcome.Months[0].Code);
        Assert.Equal(exitDate == "2026-03-15" ? RuleCodes.AfterExit : aprilCode, outcome.Months[1].Code);
    }

    [Fact]
    public void Months_before_the_effect_month_are_not_covered()
    {
        var outcome = Apply(Terms(effectiveOn: "2025-07-15"), RentClaim.Empty, Opening("2025-08-20", Month("2025-06"), Month("2025-07"), Month("2025-08")));
        Assert.Equal([RuleCodes.BeforeEffect, null, null], outcome.Months.Select(m => m.Code));
    }
}
