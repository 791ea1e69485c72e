namespace ActionLogement.Domain;

public sealed record MonthDeclaration(YearMonth Month, decimal Due, decimal PaidByTenant, decimal HousingBenefit)
{
    public decimal Unpaid => Money.Round(Math.Max(0, Due - PaidByTenant - HousingBenefit));
}

/// <summary>The three dates are required on the first declaration of a claim and ignored afterwards.</summary>
public sealed record UnpaidRentDeclaration(
    DateOnly DeclaredOn,
    DateOnly? DefaultDate,
    DateOnly? ReminderDate,
    DateOnly? DemandLetterDate,
    IReadOnlyList<MonthDeclaration> Months);

public sealed record MonthOutcome(YearMonth Month, decimal Covered, string? Code);

/// <summary>New money to transfer to the landlord now for one month (a correction pays only the difference).</summary>
public sealed record PayoutOrder(YearMonth Month, decimal Amount);

public sealed record DeclarationOutcome(
    RentClaim Claim,
    IReadOnlyList<MonthOutcome> Months,
    IReadOnlyList<PayoutOrder> Payouts,
    IReadOnlyList<RuleViolation> Violations);
