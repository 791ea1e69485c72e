namespace ActionLogement.Domain;

public static class PaymentRules
{
    /// <summary>Partial payments are welcome; paying more than the debt is refused rather than creating a credit.</summary>
    public static IReadOnlyList<RuleViolation> Check(decimal debt, decimal amount)
    {
        if (amount <= 0 || Money.Round(amount) != amount)
        {
            return [new(RuleCodes.InvalidAmount, "amount", "A payment is a positive amount in cents.")];
        }

        return amount > debt ? [new(RuleCodes.Overpayment, "amount", $"The debt is {debt:0.00}.")] : [];
    }

    /// <summary>
    /// As <see cref="Check(decimal, decimal)"/>, and a repayment to the guarantor is not dated before its first payout
    /// (<paramref name="owedSince"/>): the tenant owed it nothing before.
    /// </summary>
    public static IReadOnlyList<RuleViolation> Check(decimal debt, decimal amount, DateOnly paidOn, DateOnly? owedSince) =>
        owedSince is { } since && paidOn < since
            ? [new(RuleCodes.DateOutOfRange, "paidOn", $"The tenant owes the guarantor since its first payout, on {since:yyyy-MM-dd}.")]
            : Check(debt, amount);
}
