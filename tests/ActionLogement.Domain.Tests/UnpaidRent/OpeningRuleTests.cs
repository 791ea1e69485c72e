using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.UnpaidRent;

public sealed class OpeningRuleTests
{
    private static UnpaidRentDeclaration Dated(string declaredOn, string? fault = "2025-10-06", string? reminder = "2025-10-08", string? letter = "2025-10-15") =>
        new(D(declaredOn), fault is null ? null : D(fault), reminder is null ? null : D(reminder), letter is null ? null : D(letter),
            [Month("2025-09"), Month("2025-10")]);

    /// <summary><paramref name="count"/> months of 1,000 due from <paramref name="first"/>, the tenant having paid each <paramref name="paid"/>.</summary>
    private static MonthDeclaration[] Series(string first, int count, decimal paid) =>
        [.. Enumerable.Range(0, count).Select(i => new MonthDeclaration(M(first).AddMonths(i), 1000m, paid, 0m))];

    private static void Refused(UnpaidRentDeclaration declaration, params string[] codes)
    {
        var outcome = Apply(Terms(), RentClaim.Empty, declaration);
        Assert.Equal(codes, Codes(outcome.Violations));
        Assert.Same(RentClaim.Empty, outcome.Claim);
        Assert.Empty(outcome.Payouts);
    }

    [Fact]
    public void A_first_declaration_without_its_dates_is_refused_as_a_whole() =>
        Refused(Dated("2025-10-20", null, null, null), RuleCodes.DefaultDateMissing, RuleCodes.DemandLetterMissing, RuleCodes.ReminderMissing);

    [Fact]
    public void A_reminder_after_the_demand_letter_is_no_reminder() =>
        Refused(Dated("2025-10-20", reminder: "2025-10-16"), RuleCodes.ReminderMissing);

    [Fact]
    public void A_reminder_sent_before_any_rent_declared_unpaid_was_due_is_no_reminder() =>
        Refused(Dated("2025-10-20", fault: "2025-10-06", reminder: "2025-08-20"), RuleCodes.ReminderMissing);

    [Fact]
    public void A_default_stated_before_the_rent_that_constitutes_it_was_due_is_refused()
    {
        // September was paid; October, due on 1 October, is the default: a default of 20 September is no default.
        var declaration = new UnpaidRentDeclaration(D("2025-10-20"), D("2025-09-20"), D("2025-10-02"), D("2025-10-05"),
            [Month("2025-09", paid: 1000m), Month("2025-10")]);
        var outcome = Apply(Terms(), RentClaim.Empty, declaration);
        var violation = Assert.Single(outcome.Violations);
        Assert.Equal((RuleCodes.DateOutOfRange, "defaultDate"), (violation.Code, violation.Field));
        Assert.Contains("2025-10-01", violation.Message);
        Assert.Empty(outcome.Payouts);

        // Replayed as the accepted declaration it was under earlier rules, it keeps its place in the claim.
        var replayed = UnpaidRentCalculator.Apply(Terms(), RentClaim.Empty, declaration, V2023, accepted: true);
        Assert.Equal(1000m, replayed.Claim.TotalCovered);
    }

    [Fact]
    public void A_default_stated_once_arrears_were_due_is_believed_whether_the_months_come_at_once_or_one_by_one()
    {
        // 600 unpaid in September, stated as the default on 10 September; October's 600 constitutes the default.
        var atOnce = Apply(Terms(), RentClaim.Empty, new UnpaidRentDeclaration(D("2025-10-15"), D("2025-09-10"), D("2025-09-12"), D("2025-09-20"),
            [Month("2025-09", paid: 400m), Month("2025-10", paid: 400m)]));
        Assert.Empty(atOnce.Violations);

        var opened = Apply(Terms(), RentClaim.Empty, new UnpaidRentDeclaration(D("2025-10-15"), D("2025-09-10"), D("2025-09-12"), D("2025-09-20"),
            [Month("2025-09", paid: 400m)]));
        var oneByOne = Apply(Terms(), opened.Claim, Later("2025-10-16", Month("2025-10", paid: 400m)));
        Assert.Equal((1200m, 1200m), (atOnce.Claim.TotalCovered, oneByOne.Claim.TotalCovered));
    }

    [Fact]
    public void A_month_outside_the_lease_dates_neither_the_reminder_nor_the_default()
    {
        // June is before the lease's effect (1 July): the reminder of 20 August came before any rent of the lease was unpaid.
        var declaration = new UnpaidRentDeclaration(D("2025-10-20"), D("2025-10-06"), D("2025-08-20"), D("2025-10-15"),
            [Month("2025-06"), Month("2025-09"), Month("2025-10")]);
        Assert.Equal([RuleCodes.ReminderMissing], Codes(Apply(Terms(), RentClaim.Empty, declaration).Violations));
    }

    [Fact]
    public void A_claim_opened_on_arrears_before_its_default_is_paid_when_a_later_declaration_constitutes_it()
    {
        // Opened on 0.01 unpaid in September with a default "on 2 September"; the whole of November, declared later,
        // constitutes the default in November, after the date stated, which is no longer the landlord's to state.
        var opened = Apply(Terms(), RentClaim.Empty, new UnpaidRentDeclaration(D("2025-10-10"), D("2025-09-02"), D("2025-09-03"), D("2025-09-10"),
            [Month("2025-09", paid: 999.99m)]));
        Assert.Empty(opened.Violations);

        var constituting = Apply(Terms(), opened.Claim, Later("2025-11-05", Month("2025-11")));
        Assert.Empty(constituting.Violations);
        Assert.Equal(1000.01m, constituting.Payouts.Sum(p => p.Amount));
    }

    [Fact]
    public void A_demand_letter_15_days_after_the_default_is_in_time() =>
        Assert.Empty(Apply(Terms(), RentClaim.Empty, Dated("2025-10-25", letter: "2025-10-21")).Violations);

    [Fact]
    public void A_demand_letter_16_days_after_the_default_is_late() =>
        Refused(Dated("2025-10-25", letter: "2025-10-22"), RuleCodes.DemandLetterLate);

    [Fact]
    public void A_claim_opened_30_days_after_the_letter_is_in_time() =>
        Assert.Empty(Apply(Terms(), RentClaim.Empty, Dated("2025-11-14")).Violations);

    [Fact]
    public void A_claim_opened_31_days_after_the_letter_is_late() =>
        Refused(Dated("2025-11-15"), RuleCodes.ClaimOpenedLate);

    [Fact]
    public void A_letter_before_the_default_is_out_of_range() =>
        Refused(Dated("2025-10-20", letter: "2025-10-05", reminder: "2025-10-01"), RuleCodes.DateOutOfRange);

    [Fact]
    public void Negative_amounts_refuse_the_whole_declaration() =>
        Refused(Opening("2025-10-20", Month("2025-09"), Month("2025-10", paid: -1m)), RuleCodes.InvalidAmount);

    [Fact]
    public void A_month_declared_twice_in_one_declaration_is_refused() =>
        Refused(Opening("2025-10-20", Month("2025-09"), Month("2025-09")), RuleCodes.DuplicateMonth);

    [Fact]
    public void A_declaration_without_months_is_refused() => Refused(Opening("2025-10-20"), RuleCodes.NoMonths);

    [Fact]
    public void Later_declarations_ignore_the_dates()
    {
        var opened = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09"), Month("2025-10"))).Claim;
        var later = Apply(Terms(), opened, Later("2025-11-10", Month("2025-11")));
        Assert.Empty(later.Violations);
        Assert.Equal(D("2025-10-15"), later.Claim.DemandLetterDate);
    }

    [Fact]
    public void Arrears_of_months_past_are_judged_from_the_term_that_constituted_the_default_not_from_a_recent_stated_one()
    {
        var declaration = new UnpaidRentDeclaration(D("2026-11-30"), D("2026-11-25"), D("2026-11-26"), D("2026-11-28"),
            [Month("2026-06"), Month("2026-07"), Month("2026-08")]);
        var outcome = Apply(Terms(effectiveOn: "2024-02-01"), RentClaim.Empty, declaration);
        var violation = Assert.Single(outcome.Violations);
        Assert.Equal(RuleCodes.DemandLetterLate, violation.Code);
        Assert.Contains("2026-06-01", violation.Message);
        Assert.Empty(outcome.Payouts);
    }

    [Fact]
    public void Months_older_than_the_defaults_run_up_are_late_at_the_opening_and_count_for_nothing()
    {
        // An arrear of 2023 beside a month unpaid now: the old one is no part of this default, nor paid with it.
        var declaration = new UnpaidRentDeclaration(D("2026-11-30"), D("2026-11-20"), D("2026-11-21"), D("2026-11-25"),
            [Month("2023-03", paid: 101m), Month("2026-06", paid: 1000m), Month("2026-11", due: 999.99m)]);
        var outcome = Apply(Terms(effectiveOn: "2023-02-01"), RentClaim.Empty, declaration);
        Assert.Empty(outcome.Violations);
        Assert.Equal([(M("2023-03"), RuleCodes.MonthDeclaredLate), (M("2026-06"), (string?)null), (M("2026-11"), RuleCodes.NoDefaultYet)],
            outcome.Months.Select(m => (m.Month, m.Code)));
        Assert.Empty(outcome.Payouts);
        Assert.False(outcome.Claim.DefaultConstituted);
    }

    [Fact]
    public void A_default_stated_on_the_last_day_of_the_term_that_constituted_it_is_believed() =>
        Assert.Empty(Apply(Terms(), RentClaim.Empty, Dated("2025-11-20", fault: "2025-10-31", reminder: "2025-11-03", letter: "2025-11-14")).Violations);

    [Fact]
    public void A_default_stated_in_the_next_term_is_judged_from_the_term_that_constituted_it() =>
        Refused(Dated("2025-11-20", fault: "2025-11-01", reminder: "2025-11-03", letter: "2025-11-10"), RuleCodes.DemandLetterLate);

    [Fact]
    public void Months_that_constitute_no_default_leave_the_stated_date_as_it_is()
    {
        var declaration = new UnpaidRentDeclaration(D("2026-02-20"), D("2026-02-02"), D("2026-02-05"), D("2026-02-10"),
            [Month("2025-09", due: 400m)]);
        var outcome = Apply(Terms(), RentClaim.Empty, declaration);
        Assert.Empty(outcome.Violations);
        Assert.Equal(RuleCodes.NoDefaultYet, Assert.Single(outcome.Months).Code);
    }

    [Fact]
    public void A_default_run_up_of_six_months_before_the_stated_default_counts_whatever_the_opening_date()
    {
        // 170 unpaid a month from March: one month of rent in all with August's, the default stated on its due date and
        // the claim opened 32 days later, in time; March is six months before the default, not before the opening.
        var months = Series("2026-03", 6, paid: 830m);
        var outcome = Apply(Terms(effectiveOn: "2026-02-01"), RentClaim.Empty,
            new UnpaidRentDeclaration(D("2026-09-02"), D("2026-08-01"), D("2026-08-03"), D("2026-08-10"), months));
        Assert.Empty(outcome.Violations);
        Assert.Equal(6, outcome.Payouts.Count);
        Assert.All(outcome.Payouts, p => Assert.Equal(170m, p.Amount));
    }

    [Fact]
    public void An_opening_of_token_arrears_raised_soon_after_is_judged_against_the_default_the_raise_constitutes()
    {
        // Each month 0.01 unpaid (charges only) at the opening, with a default "on 20 November"; then the whole rent of
        // each, within 30 days of the opening: the default dates from July, months before the letter.
        var tokens = Series("2025-07", 5, paid: 999.99m);
        var opened = Apply(Terms(effectiveOn: "2025-06-01"), RentClaim.Empty,
            new UnpaidRentDeclaration(D("2025-11-28"), D("2025-11-20"), D("2025-11-21"), D("2025-11-25"), tokens));
        Assert.Empty(opened.Violations);

        var whole = tokens.Select(m => m with { PaidByTenant = 0m }).ToArray();
        var raised = Apply(Terms(effectiveOn: "2025-06-01"), opened.Claim, new UnpaidRentDeclaration(D("2025-12-05"), null, null, null, whole));
        Assert.Equal([RuleCodes.DemandLetterLate], Codes(raised.Violations));
        Assert.Empty(raised.Payouts);
        Assert.Same(opened.Claim, raised.Claim);
    }
}
