using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.UnpaidRent;

public sealed class DefaultConstitutionTests
{
    [Fact]
    public void Two_wholly_unpaid_months_constitute_a_default_even_below_a_month_of_rent()
    {
        var outcome = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-08", due: 400m), Month("2025-10", due: 400m)));
        Assert.Equal([400m, 400m], outcome.Months.Select(m => m.Covered));
        Assert.True(outcome.Claim.DefaultConstituted);
        Assert.Equal(2, outcome.Claim.InstalmentsUsed);
    }

    [Fact]
    public void Months_before_the_default_are_recorded_unpaid_then_paid_by_the_declaration_that_constitutes_it()
    {
        var first = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09", due: 400m)));
        Assert.Equal(new MonthOutcome(M("2025-09"), 0m, RuleCodes.NoDefaultYet), Assert.Single(first.Months));
        Assert.Empty(first.Payouts);

        var second = Apply(Terms(), first.Claim, Later("2025-10-25", Month("2025-10", due: 400m)));
        Assert.Equal([new PayoutOrder(M("2025-09"), 400m), new PayoutOrder(M("2025-10"), 400m)], second.Payouts);
        Assert.All(second.Months, m => Assert.Null(m.Code));
    }

    [Fact]
    public void A_cumulative_unpaid_of_one_month_of_rent_and_charges_constitutes_a_default()
    {
        var first = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09", paid: 400m)));
        Assert.Equal(RuleCodes.NoDefaultYet, first.Months[0].Code);
        var second = Apply(Terms(), first.Claim, Later("2025-10-25", Month("2025-10", paid: 600m)));
        Assert.Equal(1000m, second.Payouts.Sum(p => p.Amount));
    }

    [Fact]
    public void A_cumulative_unpaid_one_cent_short_of_a_month_is_no_default()
    {
        var outcome = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09", paid: 400.01m), Month("2025-10", paid: 600m)));
        Assert.False(outcome.Claim.DefaultConstituted);
        Assert.All(outcome.Months, m => Assert.Equal(RuleCodes.NoDefaultYet, m.Code));
    }

    [Fact]
    public void Unpaid_charges_alone_never_constitute_a_default()
    {
        var months = Enumerable.Range(0, 6).Select(i => new MonthDeclaration(M("2026-01").AddMonths(i), 1000m, 900m, 0m)).ToArray();
        var outcome = Apply(Terms(), RentClaim.Empty, Opening("2026-06-20", months));
        Assert.False(outcome.Claim.DefaultConstituted);
        Assert.All(outcome.Months, m => Assert.Equal(RuleCodes.ChargesOnly, m.Code));
    }

    [Fact]
    public void Unpaid_charges_count_towards_the_cumulative_default_beside_unpaid_rent_but_never_alone()
    {
        // 950 unpaid in September, 60 (charges) in October: 1,010 unpaid, rent among it.
        var outcome = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09", paid: 50m), Month("2025-10", paid: 940m)));
        Assert.True(outcome.Claim.DefaultConstituted);
        Assert.Equal([950m, 60m], outcome.Months.Select(m => m.Covered));

        // Ten months of charges alone reach a month of rent and charges in all, and still constitute nothing.
        var charges = Enumerable.Range(0, 10).Select(i => new MonthDeclaration(M("2025-01").AddMonths(i), 1000m, 900m, 0m)).ToArray();
        Assert.False(Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", charges)).Claim.DefaultConstituted);
    }

    [Fact]
    public void A_correction_that_leaves_no_default_takes_back_what_the_default_paid()
    {
        // September wholly unpaid (1,000) is paid; corrected to 600 paid by the tenant, 400 unpaid constitute no default.
        var paid = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09")));
        Assert.Equal(1000m, paid.Claim.Months[M("2025-09")].Covered);

        var corrected = Apply(Terms(), paid.Claim, Later("2025-10-25", Month("2025-09", paid: 600m)));
        Assert.False(corrected.Claim.DefaultConstituted);
        Assert.Equal(new MonthOutcome(M("2025-09"), 0m, RuleCodes.NoDefaultYet), Assert.Single(corrected.Months));
        Assert.Equal(1000m, corrected.Claim.RefundOwed);
        Assert.Empty(corrected.Payouts);

        // As the corrected figures declared at once would have been: nothing paid. Raised again, it is paid again.
        Assert.Equal(0m, Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09", paid: 600m))).Claim.TotalCovered);
        var raised = Apply(Terms(), corrected.Claim, Later("2025-10-26", Month("2025-09")));
        Assert.True(raised.Claim.DefaultConstituted);
        Assert.Equal((0m, 1000m), (raised.Claim.RefundOwed, raised.Claim.Months[M("2025-09")].Net));
        Assert.Empty(raised.Payouts);
    }

    [Fact]
    public void A_move_out_that_leaves_no_default_takes_back_the_months_before_it_too()
    {
        // 500 and 600 unpaid constitute the default in October; the tenant had left at the end of September.
        var paid = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09", paid: 500m), Month("2025-10", paid: 400m))).Claim;
        Assert.Equal(1100m, paid.TotalCovered);

        var exited = UnpaidRentCalculator.ApplyExit(Terms(exitDate: "2025-09-30"), paid, V2023);
        Assert.False(exited.DefaultConstituted);
        Assert.Equal(1100m, exited.RefundOwed);
        Assert.Equal((RuleCodes.NoDefaultYet, RuleCodes.AfterExit), (exited.Months[M("2025-09")].Code, exited.Months[M("2025-10")].Code));

        // The same months declared after the move-out was recorded pay nothing either.
        var declaredAfter = Apply(Terms(exitDate: "2025-09-30"), RentClaim.Empty,
            Opening("2025-10-20", Month("2025-09", paid: 500m), Month("2025-10", paid: 400m)));
        Assert.Equal(0m, declaredAfter.Claim.TotalCovered);
    }

    [Fact]
    public void A_charges_only_month_is_paid_once_other_months_constitute_the_default()
    {
        var outcome = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-08", paid: 900m), Month("2025-09"), Month("2025-10")));
        Assert.Equal([100m, 1000m, 1000m], outcome.Months.Select(m => m.Covered));
    }

    [Theory]
    [InlineData("2025-06", null, RuleCodes.BeforeEffect)]
    [InlineData("2025-11", "2025-10-31", RuleCodes.AfterExit)]
    public void A_month_outside_the_lease_does_not_constitute_the_default(string outside, string? exitDate, string code)
    {
        // 200 unpaid in September is no default; a month before the effect or after the move-out must not make it one.
        var terms = Terms(exitDate: exitDate);
        var first = Apply(terms, RentClaim.Empty, Opening("2025-10-20", Month("2025-09", paid: 800m)));
        var second = Apply(terms, first.Claim, Later("2025-12-02", Month(outside)));

        Assert.False(second.Claim.DefaultConstituted);
        Assert.Empty(second.Payouts);
        Assert.Equal(RuleCodes.NoDefaultYet, second.Claim.Months[M("2025-09")].Code);
        Assert.Equal(code, second.Claim.Months[M(outside)].Code);
    }

    [Fact]
    public void A_month_fully_paid_is_recorded_with_nothing_to_cover()
    {
        var outcome = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-08", paid: 1000m), Month("2025-09"), Month("2025-10")));
        Assert.Equal(new MonthOutcome(M("2025-08"), 0m, null), outcome.Months[0]);
        Assert.Equal(2, outcome.Claim.InstalmentsUsed);
    }

    [Fact]
    public void The_default_is_constituted_in_the_first_month_at_which_the_months_before_it_meet_a_test()
    {
        UnpaidTerm Term(string month, decimal unpaid, bool wholly = true) => new(M(month), unpaid, wholly);
        Assert.Equal(M("2025-10"), DefaultRule.ConstitutedIn([Term("2025-10", 400m), Term("2025-12", 400m), Term("2025-08", 400m)], Terms(), V2023));
        Assert.Equal(M("2025-10"), DefaultRule.ConstitutedIn([Term("2025-09", 600m, false), Term("2025-10", 400m, false)], Terms(), V2023));
        Assert.Null(DefaultRule.ConstitutedIn([Term("2025-09", 600m, false), Term("2025-10", 399.99m, false)], Terms(), V2023));
    }
}
