using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.Recovery;

public sealed class RepaymentPlanTests
{
    private static PlanRequest Plan(decimal monthly = 250m, int instalments = 12, decimal resources = 1400m) =>
        new(monthly, D("2026-02-05"), instalments, resources);

    private static IEnumerable<string> Validate(decimal debt, PlanRequest plan, RecoveryState state = RecoveryState.Amicable) =>
        Codes(RepaymentPlans.Validate(debt, plan, state, V2026, D("2026-01-20")));

    [Fact]
    public void A_plan_whose_last_instalment_is_smaller_repays_the_debt() => Assert.Empty(Validate(2900m, Plan()));

    [Fact]
    public void A_plan_of_exact_instalments_repays_the_debt() => Assert.Empty(Validate(3000m, Plan()));

    [Fact]
    public void A_plan_one_cent_short_does_not_repay_the_debt() =>
        Assert.Equal([RuleCodes.PlanDoesNotRepayDebt], Validate(3000.01m, Plan()));

    [Fact]
    public void A_plan_with_an_instalment_too_many_is_refused() =>
        Assert.Equal([RuleCodes.PlanExceedsDebt], Validate(2750m, Plan()));

    [Fact]
    public void Instalments_due_before_the_plan_was_recorded_are_not_missed()
    {
        var schedule = RepaymentPlans.Schedule(750m, Plan(250m, 3));
        Assert.Equal(2, RepaymentPlans.CountMissed(schedule, 0m, D("2026-03-20")));
        Assert.Equal(0, RepaymentPlans.CountMissed(schedule, 0m, D("2026-03-20"), agreedOn: D("2026-03-20")));
        Assert.Equal(1, RepaymentPlans.CountMissed(schedule, 0m, D("2026-04-01"), agreedOn: D("2026-03-01")));
    }

    [Fact]
    public void The_next_due_date_is_the_first_instalment_not_yet_paid()
    {
        var schedule = RepaymentPlans.Schedule(750m, Plan(250m, 3));
        Assert.Equal(D("2026-02-05"), RepaymentPlans.NextDue(schedule, 0m));
        Assert.Equal(D("2026-03-05"), RepaymentPlans.NextDue(schedule, 250m));
        Assert.Equal(D("2026-03-05"), RepaymentPlans.NextDue(schedule, 300m));
        Assert.Equal(D("2026-04-05"), RepaymentPlans.NextDue(schedule, 500m));
        Assert.Null(RepaymentPlans.NextDue(schedule, 750m));
    }

    [Fact]
    public void A_court_plan_lasts_no_longer_than_the_delay_the_judge_granted()
    {
        IEnumerable<string> InLitigation(int instalments, int? granted) =>
            Codes(RepaymentPlans.Validate(instalments * 100m, Plan(100m, instalments, 0m), RecoveryState.Litigation, V2026, D("2026-01-20"), granted));
        Assert.Equal([RuleCodes.PlanTooLong], InLitigation(36, 24));
        Assert.Empty(InLitigation(24, 24));
        Assert.Empty(InLitigation(36, null));
    }

    [Fact]
    public void An_amicable_plan_of_36_months_is_accepted_and_37_is_too_long()
    {
        Assert.Empty(Validate(36 * 100m, Plan(100m, 36)));
        Assert.Equal([RuleCodes.PlanTooLong], Validate(37 * 100m, Plan(100m, 37)));
    }

    [Fact]
    public void A_court_plan_may_last_36_months_but_not_37()
    {
        Assert.Empty(Validate(36 * 100m, Plan(100m, 36), RecoveryState.Litigation));
        Assert.Equal([RuleCodes.PlanTooLong], Validate(37 * 100m, Plan(100m, 37), RecoveryState.Litigation));
    }

    [Fact]
    public void A_rescheduled_plan_in_over_indebtedness_may_last_7_years_but_not_85_months()
    {
        Assert.Empty(Validate(84 * 100m, Plan(100m, 84), RecoveryState.OverIndebtedness));
        Assert.Equal([RuleCodes.PlanTooLong], Validate(85 * 100m, Plan(100m, 85), RecoveryState.OverIndebtedness));
    }

    [Fact]
    public void No_plan_while_the_commission_has_not_decided_nor_due_before_a_suspension_ends()
    {
        IEnumerable<string> InFile(OverIndebtednessStage file, string firstDue) => Codes(RepaymentPlans.Validate(1200m,
            new PlanRequest(100m, D(firstDue), 12, 0m), RecoveryState.OverIndebtedness, V2026, D("2026-01-20"), file: file));

        Assert.Equal([RuleCodes.PlanNotAllowedInState], InFile(new(AwaitingMeasure: true, null), "2026-02-05"));
        var suspended = new OverIndebtednessStage(AwaitingMeasure: false, SuspendedUntil: D("2026-07-20"));
        Assert.Equal([RuleCodes.PlanNotAllowedInState], InFile(suspended, "2026-07-19"));
        Assert.Empty(InFile(suspended, "2026-07-20"));
        Assert.Empty(InFile(new(AwaitingMeasure: false, null), "2026-02-05"));
    }

    [Fact]
    public void An_instalment_exactly_at_the_capacity_share_is_accepted() =>
        Assert.Empty(Validate(462m * 12, Plan(462m, 12, 1400m)));

    [Fact]
    public void An_instalment_one_cent_above_the_capacity_share_is_refused() =>
        Assert.Equal([RuleCodes.PlanAboveCapacity], Validate(462.01m * 12, Plan(462.01m, 12, 1400m)));

    [Fact]
    public void A_court_sets_the_amount_without_the_capacity_test() =>
        Assert.Empty(Validate(500m * 12, Plan(500m, 12, 1400m), RecoveryState.Litigation));

    [Theory]
    [InlineData(RecoveryState.ClosedPaid)]
    [InlineData(RecoveryState.ClosedWrittenOff)]
    public void No_plan_in_a_closed_case(RecoveryState state) => Assert.Equal([RuleCodes.PlanNotAllowedInState], Validate(1000m, Plan(), state));

    [Fact]
    public void No_plan_without_a_debt() => Assert.Equal([RuleCodes.NoDebt], Validate(0m, Plan()));

    [Fact]
    public void A_plan_needs_a_positive_amount_and_instalments()
    {
        Assert.Equal([RuleCodes.InvalidAmount], Validate(1000m, Plan(0m)));
        Assert.Equal([RuleCodes.InvalidAmount], Validate(1000m, Plan(instalments: 0)));
    }

    [Fact]
    public void The_last_instalment_takes_what_remains_and_dues_are_monthly_from_the_first()
    {
        var schedule = RepaymentPlans.Schedule(2900m, new PlanRequest(250m, D("2026-01-31"), 12, 1400m));
        Assert.Equal(12, schedule.Count);
        Assert.Equal(150m, schedule[^1].Amount);
        Assert.Equal([D("2026-01-31"), D("2026-02-28"), D("2026-03-31")], schedule.Take(3).Select(i => i.DueDate));
        Assert.Equal(Enumerable.Range(1, 12), schedule.Select(i => i.Number));
    }

    [Fact]
    public void A_debt_lowered_after_the_plan_shortens_it_and_a_debt_raised_leaves_it()
    {
        // 2,900 over 12 x 250; 500 repaid, then the landlord owes back 1,000 the tenant paid him: 1,400 left.
        var total = RepaymentPlans.Total(debtWhenSet: 2900m, paidSinceSet: 500m, debtNow: 1400m);
        var schedule = RepaymentPlans.Schedule(total, Plan());
        Assert.Equal(1900m, schedule.Sum(i => i.Amount));
        Assert.Equal(8, schedule.Count);
        Assert.Equal(150m, schedule[^1].Amount);

        Assert.Equal(2900m, RepaymentPlans.Total(debtWhenSet: 2900m, paidSinceSet: 500m, debtNow: 3400m));
    }

    [Property]
    public bool A_plans_schedule_sums_exactly_to_the_debt(PositiveInt debtCents, PositiveInt monthlyCents, PositiveInt instalments)
    {
        var debt = debtCents.Get / 100m;
        var schedule = RepaymentPlans.Schedule(debt, new PlanRequest(monthlyCents.Get / 100m, D("2026-02-05"), 1 + instalments.Get % 120, 0m));
        return schedule.Sum(i => i.Amount) == debt && schedule.All(i => i.Amount > 0);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("2024-12-01")]
    [InlineData("2027-02-05")]
    [InlineData("9999-06-05")]
    public void A_first_due_date_more_than_a_year_from_today_is_refused_before_any_other_rule(string firstDue) =>
        Assert.Equal([RuleCodes.DateOutOfRange], Validate(10m, new PlanRequest(250m, D(firstDue), 12, 1400m)));

    [Fact]
    public void A_first_due_date_within_a_year_either_way_is_taken()
    {
        Assert.Empty(Validate(2900m, Plan() with { FirstDueDate = D("2025-01-20") }));
        Assert.Empty(Validate(2900m, Plan() with { FirstDueDate = D("2027-01-20") }));
    }

    [Property]
    public bool A_valid_plan_has_every_instalment_but_the_last_at_the_monthly_amount(PositiveInt monthlyCents, PositiveInt instalments, NonNegativeInt shortCents)
    {
        var monthly = monthlyCents.Get / 100m;
        var n = 1 + instalments.Get % 36;
        var debt = Math.Max(0.01m, monthly * n - Math.Min(shortCents.Get / 100m, monthly - 0.01m));
        var request = new PlanRequest(monthly, D("2026-02-05"), n, monthly * 10);
        var schedule = RepaymentPlans.Schedule(debt, request);
        return RepaymentPlans.Validate(debt, request, RecoveryState.Amicable, V2026, D("2026-01-20")).Count > 0
            || (schedule.Count == n && schedule.Take(n - 1).All(i => i.Amount == monthly) && schedule[^1].Amount <= monthly);
    }
}
