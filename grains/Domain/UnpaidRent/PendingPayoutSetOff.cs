namespace ActionLogement.Domain;

/// <summary>
/// What the landlord owes back, set off against what the guarantor has not transferred yet. A month taken back whole
/// (after the move-out, corrected to nothing, repaid by the tenant) while its payout still waits for its transfer: that
/// payout is cancelled rather than sent and claimed back. Only whole payouts: a payout's amount never changes, so a
/// month taken back in part keeps its payout, and the landlord owes that part back.
/// </summary>
public static class PendingPayoutSetOff
{
    /// <summary>A payout as the set-off sees it: its month (none for damage), its amount, and whether it waits for its transfer.</summary>
    public readonly record struct Payout(YearMonth? Month, decimal Amount, bool Pending);

    /// <summary>
    /// The places of the pending payouts to cancel: for each month, the newest first, while what the landlord owes back
    /// for the month covers the payout whole.
    /// </summary>
    public static IReadOnlyList<int> ToCancel(RentClaim claim, IReadOnlyList<Payout> payouts)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(payouts);
        if (claim.RefundOwed <= 0)
        {
            return [];
        }

        var owedBack = claim.Months.Where(m => m.Refunded > 0).ToDictionary(m => m.Month, m => m.Refunded);
        List<int> cancel = [];
        for (var i = payouts.Count - 1; i >= 0; i--)
        {
            if (payouts[i] is { Pending: true, Month: { } month, Amount: var amount } && owedBack.TryGetValue(month, out var left) && left >= amount)
            {
                owedBack[month] = left - amount;
                cancel.Add(i);
            }
        }

        cancel.Reverse();
        return cancel;
    }

    /// <summary>
    /// The claim once a payout of <paramref name="amount"/> for <paramref name="month"/> is cancelled: neither paid out
    /// for the month nor owed back for it any more (what the guarantor bears for it is unchanged). A month left with no
    /// payout at all gives its instalment back: nothing was paid for it.
    /// </summary>
    public static RentClaim Cancel(RentClaim claim, YearMonth month, decimal amount)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var m = claim.Months[month];
        if (amount <= 0 || amount > m.Refunded)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), $"{month}: {amount} is not owed back whole ({m.Refunded}).");
        }

        var covered = m.Covered - amount;
        var releases = covered == 0 && m.ConsumesInstalment;
        return claim with
        {
            Months = claim.Months.SetItem(m with { Covered = covered, Refunded = m.Refunded - amount, ConsumesInstalment = m.ConsumesInstalment && !releases }),
            InstalmentsUsed = claim.InstalmentsUsed - (releases ? 1 : 0),
            TotalCovered = claim.TotalCovered - amount,
            RefundOwed = claim.RefundOwed - amount,
            SetOff = claim.SetOff + amount,
        };
    }
}
