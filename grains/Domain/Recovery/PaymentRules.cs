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
}
