namespace ActionLogement.Domain;

/// <summary>
/// Paying a tenant back what it overpaid (what it repaid the guarantor for rent it had also paid the landlord, who owes
/// that back): never more than is owed it, so the guarantor's own money never goes to the tenant.
/// </summary>
public static class TenantRefundRules
{
    public static IReadOnlyList<RuleViolation> Check(decimal owedToTenant, decimal amount)
    {
        if (amount <= 0 || Money.Round(amount) != amount)
        {
            return [new(RuleCodes.InvalidAmount, "amount", "A refund is a positive amount in cents.")];
        }

        return amount > owedToTenant
            ? [new(RuleCodes.RefundAboveOwed, "amount", $"The tenant is owed {owedToTenant:0.00}.")]
            : [];
    }
}
