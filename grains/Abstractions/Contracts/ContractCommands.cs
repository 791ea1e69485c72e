namespace ActionLogement.Grains.Abstractions;

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.LeaseTerms")]
public sealed record LeaseTerms(
    [property: Id(0)] Park Park,
    [property: Id(1)] Zone Zone,
    [property: Id(2)] string Address,
    [property: Id(3)] decimal Rent,
    [property: Id(4)] decimal Charges,
    [property: Id(5)] decimal Deposit,
    [property: Id(6)] DateOnly SignedOn,
    [property: Id(7)] DateOnly EffectiveOn,
    [property: Id(8)] int? TermMonths)
{
    public Lease ToDomain() => new(Park, Zone, Address, Rent, Charges, Deposit, SignedOn, EffectiveOn, TermMonths);
}

/// <summary>A landlord's, partner's or staff member's request to activate a contract on a lease.</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.ActivateContract")]
public sealed record ActivateContract(
    [property: Id(0)] string VisaNumber,
    [property: Id(1)] string TenantLastName,
    [property: Id(2)] string? TenantFirstName,
    [property: Id(3)] string LandlordId,
    [property: Id(4)] string? AgentId,
    [property: Id(5)] string? ExternalRef,
    [property: Id(6)] LeaseTerms Lease,
    [property: Id(7)] DateOnly RegisteredOn,
    [property: Id(8)] string ActivatedBy,
    [property: Id(9)] IdempotencyDigest? Key = null)
{
    public ActivationRequest ToDomain() => new(TenantLastName, TenantFirstName, Lease.ToDomain(), RegisteredOn);
}

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.CoverTerms")]
public sealed record CoverTerms(
    [property: Id(0)] string PolicyVersion,
    [property: Id(1)] int MaxInstalments,
    [property: Id(2)] decimal? DamageCap,
    [property: Id(3)] decimal MonthlyRentAndCharges,
    [property: Id(4)] string? LastCoveredMonth)
{
    public static CoverTerms From(Cover c) =>
        new(c.PolicyVersion, c.MaxInstalments, c.DamageCap, c.MonthlyRentAndCharges, c.LastCoveredMonth?.ToString());

    public Cover ToDomain() => new(PolicyVersion, MaxInstalments, DamageCap, MonthlyRentAndCharges,
        LastCoveredMonth is null ? null : YearMonth.Parse(LastCoveredMonth));
}

/// <summary>What the visa decided for one activation: the cover it grants, or why not.</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.VisaReservation")]
public sealed record VisaReservation(
    [property: Id(0)] bool Reserved,
    [property: Id(1)] CoverTerms? Cover,
    [property: Id(2)] IReadOnlyList<Violation> Violations,
    [property: Id(3)] string? UsedByContract,
    [property: Id(4)] string? HolderSubject = null);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.MonthLine")]
public sealed record MonthLine(
    [property: Id(0)] string Month,
    [property: Id(1)] decimal Due,
    [property: Id(2)] decimal PaidByTenant,
    [property: Id(3)] decimal HousingBenefit);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.DeclareUnpaidRent")]
public sealed record DeclareUnpaidRent(
    [property: Id(0)] DateOnly DeclaredOn,
    [property: Id(1)] DateOnly? DefaultDate,
    [property: Id(2)] DateOnly? ReminderDate,
    [property: Id(3)] DateOnly? DemandLetterDate,
    [property: Id(4)] IReadOnlyList<MonthLine> Months)
{
    public UnpaidRentDeclaration ToDomain() => new(DeclaredOn, DefaultDate, ReminderDate, DemandLetterDate,
        Months.Select(m => new MonthDeclaration(YearMonth.Parse(m.Month), m.Due, m.PaidByTenant, m.HousingBenefit)).ToList());
}

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.TenantRepayment")]
public sealed record TenantRepayment(
    [property: Id(0)] string Month,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] DateOnly ReceivedOn);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.FileDamageClaim")]
public sealed record FileDamageClaim(
    [property: Id(0)] DateOnly ExitDate,
    [property: Id(1)] DateOnly InventoryInDate,
    [property: Id(2)] DateOnly InventoryOutDate,
    [property: Id(3)] decimal RepairCost,
    [property: Id(4)] decimal DepositKept,
    [property: Id(5)] decimal? WearRate,
    [property: Id(6)] DateOnly FiledOn)
{
    public DamageClaimRequest ToDomain() =>
        new(ExitDate, InventoryInDate, InventoryOutDate, RepairCost, DepositKept, WearRate, FiledOn);
}
