namespace ActionLogement.Domain;

/// <summary>The money side of one declaration: brings each evaluated month to its target cover.</summary>
internal sealed class Ledger(int instalmentsUsed, decimal totalCovered, decimal refundOwed, int maxInstalments)
{
    private readonly List<PayoutOrder> _payouts = [];

    public int InstalmentsUsed { get; private set; } = instalmentsUsed;

    public decimal TotalCovered { get; private set; } = totalCovered;

    public decimal RefundOwed { get; private set; } = refundOwed;

    public IReadOnlyList<PayoutOrder> Payouts => _payouts;

    public ClaimMonth Settle(ClaimMonth month, ContractTerms terms, bool defaultConstituted)
    {
        var (target, code) = MonthRules.Target(month, terms, defaultConstituted);

        // Every month with a payout consumes one instalment, once, even if only partly covered; a month already
        // paid can always be corrected.
        if (target > 0 && !month.ConsumesInstalment && InstalmentsUsed >= maxInstalments)
        {
            (target, code) = (0, RuleCodes.InstalmentCapReached);
        }

        target = ClaimMonth.LessRepaid(target, month);
        var delta = target - month.Net;
        var refunded = month.Refunded;
        var covered = month.Covered;
        var consumes = month.ConsumesInstalment;
        if (delta < 0)
        {
            // A downward correction of a month already paid: the surplus is owed back by the landlord.
            refunded -= delta;
            RefundOwed -= delta;
        }
        else if (delta > 0)
        {
            // An upward correction first cancels what the landlord still owed back for the month, then pays the rest,
            // so the month's total payout never exceeds its cap.
            var cancelled = Math.Min(delta, refunded);
            refunded -= cancelled;
            RefundOwed -= cancelled;
            var pay = delta - cancelled;
            if (pay > 0)
            {
                covered += pay;
                TotalCovered += pay;
                _payouts.Add(new PayoutOrder(month.Month, pay));
                if (!consumes)
                {
                    consumes = true;
                    InstalmentsUsed++;
                }
            }
        }

        return month with { Covered = covered, Refunded = refunded, Code = code, ConsumesInstalment = consumes };
    }
}
