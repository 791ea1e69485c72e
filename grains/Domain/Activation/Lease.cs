namespace ActionLogement.Domain;

public sealed record Lease(
    Park Park,
    Zone Zone,
    string Address,
    decimal Rent,
    decimal Charges,
    decimal Deposit,
    DateOnly SignedOn,
    DateOnly EffectiveOn,
    int? TermMonths)
{
    public decimal RentAndCharges => Money.Round(Rent + Charges);
}

public sealed record VisaFacts(
    string VisaNumber,
    bool Certified,
    bool Revoked,
    string HolderFirstName,
    string HolderLastName,
    DateOnly BirthDate,
    Profile Profile,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    IReadOnlyDictionary<Zone, decimal> MaxRent);

public sealed record ActivationRequest(string TenantLastName, string? TenantFirstName, Lease Lease, DateOnly RegisteredOn);

/// <summary>What an active contract guarantees, fixed at activation with the policy version of the signature date.</summary>
public sealed record Cover(
    string PolicyVersion,
    int MaxInstalments,
    decimal? DamageCap,
    decimal MonthlyRentAndCharges,
    YearMonth? LastCoveredMonth)
{
    /// <summary>
    /// The last month the contract can still cover: the cover's own, or once the tenant has left the move-out's month,
    /// if earlier (a month that begins after the move-out is <c>after_exit</c>).
    /// </summary>
    public YearMonth? LastCoveredMonthGiven(DateOnly? exitDate) =>
        exitDate is { } exit && (LastCoveredMonth is not { } last || LastMonthOfRent(exit) < last) ? LastMonthOfRent(exit) : LastCoveredMonth;

    /// <summary>The last month the tenant owes rent for: the move-out's. A month that begins after it is <c>after_exit</c>.</summary>
    public static YearMonth LastMonthOfRent(DateOnly exitDate) => YearMonth.From(exitDate);
}

public sealed record ActivationDecision(bool Accepted, IReadOnlyList<RuleViolation> Violations, Cover? Cover);
