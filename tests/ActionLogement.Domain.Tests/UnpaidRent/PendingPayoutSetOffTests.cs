using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.UnpaidRent;

public sealed class PendingPayoutSetOffTests
{
    // 2025-09: 600 covered (400 paid by the tenant), 2025-10: 1000 covered; one payout each, in that order.
    private static readonly RentClaim Paid = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09", paid: 400m), Month("2025-10"))).Claim;

    // 2025-09 and 2025-10: 1000 covered each; 2025-09 alone constitutes the default, so taking 2025-10 back leaves it.
    private static readonly RentClaim PaidInFull = Apply(Terms(), RentClaim.Empty, Opening("2025-10-20", Month("2025-09"), Month("2025-10"))).Claim;

    private static PendingPayoutSetOff.Payout Payout(string month, decimal amount, bool pending = true) => new(M(month), amount, pending);

    [Fact]
    public void A_month_taken_back_by_the_move_out_cancels_its_payout_still_waiting_for_its_transfer()
    {
        var exited = UnpaidRentCalculator.ApplyExit(Terms(exitDate: "2025-09-20"), PaidInFull, V2023);
        Assert.Equal(1000m, exited.RefundOwed);

        var cancel = PendingPayoutSetOff.ToCancel(exited, [Payout("2025-09", 1000m, pending: false), Payout("2025-10", 1000m)]);
        Assert.Equal([1], cancel);

        var setOff = PendingPayoutSetOff.Cancel(exited, M("2025-10"), 1000m);
        Assert.Equal((0m, 1000m, 1000m), (setOff.RefundOwed, setOff.TotalCovered, setOff.SetOff));
        // Nothing paid for 2025-10 in the end: its instalment is given back.
        Assert.Equal((2, 1), (exited.InstalmentsUsed, setOff.InstalmentsUsed));
        Assert.Equal((0m, 0m, 0m), (setOff.Months[M("2025-10")].Covered, setOff.Months[M("2025-10")].Refunded, setOff.Months[M("2025-10")].Net));
        Assert.Equal(exited.Months[M("2025-09")], setOff.Months[M("2025-09")]);
    }

    [Fact]
    public void A_payout_already_transferred_stays_owed_back_by_the_landlord()
    {
        var exited = UnpaidRentCalculator.ApplyExit(Terms(exitDate: "2025-09-20"), PaidInFull, V2023);
        Assert.Empty(PendingPayoutSetOff.ToCancel(exited, [Payout("2025-09", 1000m, pending: false), Payout("2025-10", 1000m, pending: false)]));
    }

    [Fact]
    public void A_month_taken_back_in_part_keeps_its_payout_whole()
    {
        // Corrected to 900 paid by the tenant: 100 covered, 500 owed back of the 600 payout, which is not cancelled.
        var corrected = Apply(Terms(), Paid, Later("2025-10-25", Month("2025-09", paid: 900m))).Claim;
        Assert.Equal(500m, corrected.RefundOwed);
        Assert.Empty(PendingPayoutSetOff.ToCancel(corrected, [Payout("2025-09", 600m), Payout("2025-10", 1000m)]));
    }

    [Fact]
    public void Of_a_months_payouts_the_newest_are_cancelled_first_as_far_as_the_refund_covers_them_whole()
    {
        // 2025-09 paid in two payouts (600, then 400 once corrected up), then repaid by the tenant, 700 of it: the
        // refund covers the 400 whole, not the 600 beside it.
        var up = Apply(Terms(), Paid, Later("2025-10-25", Month("2025-09"))).Claim;
        var repaid = UnpaidRentCalculator.ApplyTenantRepayment(up, M("2025-09"), 700m, out var violations);
        Assert.Empty(violations);
        Assert.Equal(700m, repaid.RefundOwed);
        Assert.Equal([2], PendingPayoutSetOff.ToCancel(repaid, [Payout("2025-09", 600m), Payout("2025-10", 1000m), Payout("2025-09", 400m)]));
    }

    [Fact]
    public void A_month_corrected_back_up_after_its_payout_was_cancelled_is_paid_again()
    {
        var nothingDue = Apply(Terms(), PaidInFull, Later("2025-10-25", Month("2025-10", paid: 1000m))).Claim;
        var setOff = PendingPayoutSetOff.Cancel(nothingDue, M("2025-10"), 1000m);
        Assert.Equal((0m, 1), (setOff.RefundOwed, setOff.InstalmentsUsed));

        var again = Apply(Terms(), setOff, Later("2025-10-26", Month("2025-10")));
        Assert.Equal([new PayoutOrder(M("2025-10"), 1000m)], again.Payouts);
        Assert.Equal((0m, 1000m), (again.Claim.RefundOwed, again.Claim.Months[M("2025-10")].Net));
        Assert.Equal(2, again.Claim.InstalmentsUsed);
    }

    [Fact]
    public void Nothing_is_cancelled_while_nothing_is_owed_back_and_a_damage_payout_never_is()
    {
        Assert.Empty(PendingPayoutSetOff.ToCancel(Paid, [Payout("2025-09", 600m), Payout("2025-10", 1000m)]));
        var exited = UnpaidRentCalculator.ApplyExit(Terms(exitDate: "2025-09-20"), PaidInFull, V2023);
        Assert.Empty(PendingPayoutSetOff.ToCancel(exited, [new PendingPayoutSetOff.Payout(null, 1000m, true)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PendingPayoutSetOff.Cancel(exited, M("2025-09"), 1000m));
    }
}
