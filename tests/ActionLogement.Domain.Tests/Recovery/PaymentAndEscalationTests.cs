using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.Recovery;

public sealed class PaymentAndEscalationTests
{
    [Fact]
    public void A_payment_of_the_whole_debt_is_accepted() => Assert.Empty(PaymentRules.Check(2150m, 2150m));

    [Fact]
    public void A_payment_is_not_dated_before_the_first_payout()
    {
        var since = new DateOnly(2026, 12, 5);
        Assert.Equal([RuleCodes.DateOutOfRange], Codes(PaymentRules.Check(2150m, 100m, since.AddDays(-1), since)));
        Assert.Empty(PaymentRules.Check(2150m, 100m, since, since));
    }

    [Fact]
    public void A_payment_one_cent_above_the_debt_is_an_overpayment() =>
        Assert.Equal([RuleCodes.Overpayment], Codes(PaymentRules.Check(2150m, 2150.01m)));

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("10.001")]
    public void A_payment_must_be_a_positive_amount_in_cents(string amount) =>
        Assert.Equal([RuleCodes.InvalidAmount], Codes(PaymentRules.Check(2150m, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void A_judge_may_grant_36_months_of_delays_but_not_37()
    {
        Assert.Empty(EscalationRules.Check(RecoveryState.PlanDefaulted, RecoveryState.Litigation, new EscalationTerms(36, null), V2026));
        Assert.Equal([RuleCodes.CourtDelayTooLong],
            Codes(EscalationRules.Check(RecoveryState.PlanDefaulted, RecoveryState.Litigation, new EscalationTerms(37, null), V2026)));
    }

    [Fact]
    public void Enforcement_may_be_suspended_24_months_but_not_25()
    {
        Assert.Empty(EscalationRules.Check(RecoveryState.Amicable, RecoveryState.OverIndebtedness, null, 24, V2026));
        Assert.Equal([RuleCodes.SuspensionTooLong], Codes(EscalationRules.Check(RecoveryState.Amicable, RecoveryState.OverIndebtedness, null, 25, V2026)));
    }

    [Fact]
    public void Litigation_straight_from_amicable_is_not_allowed() =>
        Assert.Equal([RuleCodes.TransitionNotAllowed],
            Codes(EscalationRules.Check(RecoveryState.Amicable, RecoveryState.Litigation, new EscalationTerms(12, null), V2026)));

    [Fact]
    public void A_negative_duration_is_refused_naming_its_field()
    {
        var delay = Assert.Single(EscalationRules.Check(RecoveryState.PlanDefaulted, RecoveryState.Litigation, -1, null, V2026));
        Assert.Equal((RuleCodes.InvalidDuration, "courtDelayMonths"), (delay.Code, delay.Field));
        var suspension = Assert.Single(EscalationRules.Check(RecoveryState.PlanDefaulted, RecoveryState.OverIndebtedness, null, -5, V2026));
        Assert.Equal((RuleCodes.InvalidDuration, "suspensionMonths"), (suspension.Code, suspension.Field));
    }

    [Fact]
    public void A_litigation_names_no_over_indebtedness_measure_and_a_file_no_court_delay()
    {
        var measure = Assert.Single(EscalationRules.Check(RecoveryState.PlanDefaulted, RecoveryState.Litigation, new EscalationTerms(12, null, NamesMeasure: true), V2026));
        Assert.Equal((RuleCodes.EscalationTermsMismatch, "measure"), (measure.Code, measure.Field));
        var suspension = Assert.Single(EscalationRules.Check(RecoveryState.PlanDefaulted, RecoveryState.Litigation, new EscalationTerms(null, 6), V2026));
        Assert.Equal((RuleCodes.EscalationTermsMismatch, "suspensionMonths"), (suspension.Code, suspension.Field));
        var delay = Assert.Single(EscalationRules.Check(RecoveryState.Amicable, RecoveryState.OverIndebtedness, new EscalationTerms(12, null, NamesMeasure: true), V2026));
        Assert.Equal((RuleCodes.EscalationTermsMismatch, "courtDelayMonths"), (delay.Code, delay.Field));
        Assert.Empty(EscalationRules.Check(RecoveryState.Amicable, RecoveryState.OverIndebtedness,
            new EscalationTerms(null, 6, NamesMeasure: true, NamesSuspension: true), V2026));
    }

    [Fact]
    public void The_commissions_measure_on_a_file_lodged_without_one_is_recorded_once()
    {
        var measure = new EscalationTerms(null, 12, NamesMeasure: true, NamesSuspension: true);
        Assert.Empty(EscalationRules.Check(RecoveryState.OverIndebtedness, RecoveryState.OverIndebtedness, measure, V2026, awaitingMeasure: true));
        Assert.Equal([RuleCodes.TransitionNotAllowed],
            Codes(EscalationRules.Check(RecoveryState.OverIndebtedness, RecoveryState.OverIndebtedness, measure, V2026)));
        Assert.Equal([RuleCodes.TransitionNotAllowed], Codes(EscalationRules.Check(RecoveryState.OverIndebtedness, RecoveryState.OverIndebtedness,
            new EscalationTerms(null, null), V2026, awaitingMeasure: true)));
    }

    [Fact]
    public void A_suspension_states_its_length_and_no_other_measure_has_one()
    {
        var unstated = Assert.Single(EscalationRules.Check(RecoveryState.Amicable, RecoveryState.OverIndebtedness,
            new EscalationTerms(null, null, NamesMeasure: true, NamesSuspension: true), V2026));
        Assert.Equal((RuleCodes.EscalationTermsMismatch, "suspensionMonths"), (unstated.Code, unstated.Field));
        var rescheduled = Assert.Single(EscalationRules.Check(RecoveryState.Amicable, RecoveryState.OverIndebtedness,
            new EscalationTerms(null, 12, NamesMeasure: true), V2026));
        Assert.Equal((RuleCodes.EscalationTermsMismatch, "suspensionMonths"), (rescheduled.Code, rescheduled.Field));
        Assert.Empty(EscalationRules.Check(RecoveryState.Amicable, RecoveryState.OverIndebtedness, new EscalationTerms(null, null, NamesMeasure: true), V2026));
        Assert.Empty(EscalationRules.Check(RecoveryState.Amicable, RecoveryState.OverIndebtedness, new EscalationTerms(null, null), V2026));
    }
}
