using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.UnpaidRent;

public sealed class MonthDeadlineTests
{
    private static readonly RentClaim Opened = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09"), Month("2025-10"))).Claim;

    [Theory]
    [InlineData("2025-11-30")]
    [InlineData("2025-12-01")]
    public void A_month_declared_up_to_30_days_after_its_due_date_is_covered(string declaredOn) =>
        Assert.Equal(new MonthOutcome(M("2025-11"), 1000m, null), Assert.Single(Apply(Terms(), Opened, Later(declaredOn, Month("2025-11"))).Months));

    [Fact]
    public void A_month_declared_31_days_after_its_due_date_is_late_and_the_claim_goes_on()
    {
        var outcome = Apply(Terms(), Opened, Later("2025-12-02", Month("2025-11"), Month("2025-12")));
        Assert.Equal([new MonthOutcome(M("2025-11"), 0m, RuleCodes.MonthDeclaredLate), new MonthOutcome(M("2025-12"), 1000m, null)], outcome.Months);
        Assert.Empty(outcome.Violations);
    }

    [Fact]
    public void A_late_month_stays_refused_when_corrected() =>
        Assert.Equal(RuleCodes.MonthDeclaredLate,
            Apply(Terms(), Apply(Terms(), Opened, Later("2025-12-02", Month("2025-11"))).Claim, Later("2025-12-05", Month("2025-11", paid: 10m))).Months[0].Code);

    [Fact]
    public void A_month_recorded_paid_then_corrected_to_unpaid_past_its_deadline_is_late()
    {
        // November declared paid in time, then unpaid 31 days after its due date: as late as declaring it then.
        var paid = Apply(Terms(), Opened, Later("2025-11-10", Month("2025-11", paid: 1000m))).Claim;
        var corrected = Apply(Terms(), paid, Later("2025-12-02", Month("2025-11")));
        Assert.Equal(new MonthOutcome(M("2025-11"), 0m, RuleCodes.MonthDeclaredLate), Assert.Single(corrected.Months));
        Assert.Empty(corrected.Payouts);

        // Corrected within the deadline, it is covered.
        Assert.Equal(1000m, Assert.Single(Apply(Terms(), paid, Later("2025-11-30", Month("2025-11"))).Months).Covered);
    }

    [Fact]
    public void Months_of_the_opening_declaration_are_judged_by_the_opening_deadlines_only() =>
        Assert.All(Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-07"), Month("2025-08"))).Months, m => Assert.Equal(1000m, m.Covered));

    [Fact]
    public void A_month_not_yet_due_is_refused_and_not_recorded()
    {
        var outcome = Apply(Terms(), Opened, Later("2025-10-31", Month("2025-11")));
        Assert.Equal(RuleCodes.MonthNotDueYet, outcome.Months[0].Code);
        Assert.False(outcome.Claim.Months.ContainsKey(M("2025-11")));
    }

    [Fact]
    public void A_month_declared_late_does_not_constitute_the_default_that_would_pay_the_months_waiting_for_it()
    {
        var opened = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-10", due: 999.99m))).Claim;
        Assert.False(opened.DefaultConstituted);

        var outcome = Apply(Terms(), opened, Later("2026-03-10", Month("2025-11")));
        Assert.Equal(new MonthOutcome(M("2025-11"), 0m, RuleCodes.MonthDeclaredLate), Assert.Single(outcome.Months));
        Assert.False(outcome.Claim.DefaultConstituted);
        Assert.Empty(outcome.Payouts);
    }

    [Fact]
    public void A_token_arrear_raised_to_the_whole_rent_past_its_deadline_keeps_what_was_declared_in_time()
    {
        // 0.01 unpaid on each month (charges only), then the whole rent of both, months later: the raises are late.
        var opened = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-10", paid: 999.99m))).Claim;
        var second = Apply(Terms(), opened, Later("2025-11-05", Month("2025-11", paid: 999.99m))).Claim;
        var raised = Apply(Terms(), second, Later("2026-03-10", Month("2025-10"), Month("2025-11")));
        Assert.Equal([new MonthOutcome(M("2025-10"), 0m, RuleCodes.MonthDeclaredLate), new MonthOutcome(M("2025-11"), 0m, RuleCodes.MonthDeclaredLate)],
            raised.Months);
        Assert.Empty(raised.Payouts);
        Assert.Equal(0.01m, raised.Claim.Months[M("2025-10")].Unpaid);
        Assert.False(raised.Claim.DefaultConstituted);
    }

    [Fact]
    public void A_declaration_dated_before_the_claim_was_opened_is_refused() =>
        Assert.Equal([RuleCodes.DateOutOfRange], Codes(Apply(Terms(), Opened, Later("2025-10-01", Month("2025-09"))).Violations));
}
