using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.UnpaidRent;

public sealed class CorrectionAndRepaymentTests
{
    private static readonly UnpaidRentDeclaration First = Opening("2025-10-20", Month("2025-09", paid: 400m), Month("2025-10"));
    private static readonly RentClaim Paid = Apply(Terms(), RentClaim.Empty, First).Claim;

    [Fact]
    public void The_same_declaration_applied_twice_pays_once()
    {
        var again = Apply(Terms(), Paid, First);
        Assert.Empty(again.Payouts);
        Assert.Same(Paid, again.Claim);
        Assert.Equal([600m, 1000m], again.Months.Select(m => m.Covered));
    }

    [Fact]
    public void An_upward_correction_pays_only_the_difference()
    {
        var corrected = Apply(Terms(), Paid, Later("2025-10-25", Month("2025-09")));
        Assert.Equal([new PayoutOrder(M("2025-09"), 400m)], corrected.Payouts);
        Assert.Equal(2, corrected.Claim.InstalmentsUsed);
        Assert.Equal(2000m, corrected.Claim.TotalCovered);
    }

    [Fact]
    public void A_downward_correction_of_a_paid_month_is_owed_back()
    {
        var corrected = Apply(Terms(), Paid, Later("2025-10-25", Month("2025-09", paid: 900m)));
        Assert.Empty(corrected.Payouts);
        Assert.Equal(500m, corrected.Claim.RefundOwed);
        Assert.Equal(100m, corrected.Months[0].Covered);
    }

    [Fact]
    public void A_correction_back_up_cancels_the_refund_before_paying_again()
    {
        var down = Apply(Terms(), Paid, Later("2025-10-25", Month("2025-09", paid: 900m))).Claim;
        var up = Apply(Terms(), down, Later("2025-10-26", Month("2025-09")));
        Assert.Equal([new PayoutOrder(M("2025-09"), 400m)], up.Payouts);
        Assert.Equal(0m, up.Claim.RefundOwed);
        Assert.Equal(1000m, up.Claim.Months[M("2025-09")].Covered);
    }

    [Fact]
    public void A_tenant_repayment_after_a_payout_is_owed_to_the_guarantor()
    {
        var claim = UnpaidRentCalculator.ApplyTenantRepayment(Paid, M("2025-10"), 300m, out var violations);
        Assert.Empty(violations);
        Assert.Equal(300m, claim.RefundOwed);
        Assert.Equal(700m, claim.Months[M("2025-10")].Net);
    }

    [Fact]
    public void Re_sending_the_declaration_does_not_undo_a_repayment()
    {
        var repaid = UnpaidRentCalculator.ApplyTenantRepayment(Paid, M("2025-10"), 300m, out _);
        var again = Apply(Terms(), repaid, First);
        Assert.Empty(again.Payouts);
        Assert.Equal(300m, again.Claim.RefundOwed);
    }

    [Fact]
    public void A_correction_of_a_repaid_month_keeps_the_repayment_owed_back()
    {
        // 2025-09 was declared with 400 paid by the tenant (600 covered); the tenant then paid the landlord 300 more.
        var repaid = UnpaidRentCalculator.ApplyTenantRepayment(Paid, M("2025-09"), 300m, out _);

        // Corrected to nothing paid before the payout: the guarantor bears the whole month less what the tenant paid
        // the landlord afterwards (700), not the whole month: 100 more, once the 300 owed back are set against it.
        var up = Apply(Terms(), repaid, Later("2025-10-25", Month("2025-09")));
        Assert.Equal([new PayoutOrder(M("2025-09"), 100m)], up.Payouts);
        Assert.Equal(0m, up.Claim.RefundOwed);
        Assert.Equal(700m, up.Claim.Months[M("2025-09")].Net);

        // Corrected the other way, the month is owed back down to what remains unpaid.
        var down = Apply(Terms(), up.Claim, Later("2025-10-26", Month("2025-09", paid: 900m)));
        Assert.Empty(down.Payouts);
        Assert.Equal(0m, down.Claim.Months[M("2025-09")].Net);
        Assert.Equal(700m, down.Claim.RefundOwed);
    }

    [Fact]
    public void A_repayment_on_a_month_above_the_cover_owes_back_only_the_surplus()
    {
        // 1,200 unpaid, 1,000 covered (the cap): of 300 the tenant then paid the landlord, 200 make up the uncovered
        // rest and 100 are owed back; declared again with 100 paid before the payout, the guarantor bears 800.
        var capped = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-10", due: 1200m))).Claim;
        var repaid = UnpaidRentCalculator.ApplyTenantRepayment(capped, M("2025-10"), 300m, out _);
        Assert.Equal((100m, 900m), (repaid.RefundOwed, repaid.Months[M("2025-10")].Net));

        var corrected = Apply(Terms(), repaid, Later("2025-10-25", Month("2025-10", due: 1200m, paid: 100m)));
        Assert.Equal(800m, corrected.Claim.Months[M("2025-10")].Net);

        // The whole 1,200 repaid at once: what the tenant owed, though above what the guarantor paid; 1,000 owed back.
        var whole = UnpaidRentCalculator.ApplyTenantRepayment(capped, M("2025-10"), 1200m, out var violations);
        Assert.Empty(violations);
        Assert.Equal((1000m, 0m), (whole.RefundOwed, whole.Months[M("2025-10")].Net));
        UnpaidRentCalculator.ApplyTenantRepayment(capped, M("2025-10"), 1200.01m, out violations);
        Assert.Equal([RuleCodes.RepaymentAboveCovered], Codes(violations));
    }

    [Fact]
    public void A_repayment_above_what_was_covered_for_the_month_is_refused()
    {
        var claim = UnpaidRentCalculator.ApplyTenantRepayment(Paid, M("2025-09"), 600.01m, out var violations);
        Assert.Equal([RuleCodes.RepaymentAboveCovered], Codes(violations));
        Assert.Same(Paid, claim);
        UnpaidRentCalculator.ApplyTenantRepayment(Paid, M("2025-08"), 1m, out violations);
        Assert.Equal([RuleCodes.RepaymentAboveCovered], Codes(violations));
    }

    [Fact]
    public void A_repayment_must_be_positive()
    {
        UnpaidRentCalculator.ApplyTenantRepayment(Paid, M("2025-09"), 0m, out var violations);
        Assert.Equal([RuleCodes.InvalidAmount], Codes(violations));
    }

    [Fact]
    public void A_move_out_recorded_after_months_were_paid_makes_the_landlord_owe_them_back()
    {
        var opened = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09"), Month("2025-10"))).Claim;
        var paid = Apply(Terms(), opened, Later("2025-11-05", Month("2025-11"))).Claim;
        var exited = UnpaidRentCalculator.ApplyExit(Terms(exitDate: "2025-09-30"), paid, V2023);

        Assert.Equal(2000m, exited.RefundOwed);
        Assert.Equal([(1000m, null), (0m, RuleCodes.AfterExit), (0m, RuleCodes.AfterExit)], exited.Months.Select(m => (m.Net, m.Code)));
        Assert.Equal(3, exited.InstalmentsUsed);
        Assert.Same(exited, UnpaidRentCalculator.ApplyExit(Terms(exitDate: "2025-09-30"), exited, V2023));
    }
}
