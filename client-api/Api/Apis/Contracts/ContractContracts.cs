using System.Text.Json.Serialization;
using ActionLogement.Api.Infrastructure;

namespace ActionLogement.Api.Apis.Contracts;

public sealed record LeaseBody(
    Park Park,
    Zone Zone,
    string Address,
    decimal Rent,
    decimal Charges,
    decimal Deposit,
    DateOnly SignedOn,
    DateOnly EffectiveOn,
    int? TermMonths = null);

public sealed record ActivationBody(
    string VisaNumber,
    string TenantLastName,
    string LandlordId,
    LeaseBody Lease,
    string? TenantFirstName = null,
    string? AgentId = null,
    string? ExternalRef = null,
    DateOnly? RegisteredOn = null);

public sealed record ExitBody(DateOnly ExitDate);

public sealed record CancelBody(string Reason);

public sealed record MonthBody(YearMonth Month, decimal Due, decimal PaidByTenant, decimal HousingBenefit);

public sealed record DeclarationBody(
    IReadOnlyList<MonthBody> Months,
    DateOnly? DefaultDate = null,
    DateOnly? ReminderDate = null,
    DateOnly? DemandLetterDate = null,
    DateOnly? DeclaredOn = null);

public sealed record RepaymentBody(YearMonth Month, decimal Amount, DateOnly? ReceivedOn = null);

public sealed record DamageBody(
    DateOnly ExitDate,
    DateOnly InventoryInDate,
    DateOnly InventoryOutDate,
    decimal RepairCost,
    decimal DepositKept,
    [property: JsonConverter(typeof(RateJsonConverter))] decimal? WearRate = null,
    DateOnly? FiledOn = null);

public sealed record CoverResponse(int MaxInstalments, int InstalmentsUsed, int InstalmentsLeft, decimal? DamageCap,
    decimal MonthlyRentAndCharges, string? LastCoveredMonth);

public sealed record ContractResponse(
    string ContractNumber,
    ContractStatus Status,
    string PolicyVersion,
    CoverResponse Cover,
    string VisaNumber,
    string TenantLastName,
    string? TenantFirstName,
    string LandlordId,
    string? AgentId,
    string? ExternalRef,
    LeaseTerms Lease,
    DateOnly RegisteredOn,
    DateOnly? ExitDate,
    string? CancelReason,
    ClaimSummary Claim)
{
    public static ContractResponse From(ContractView c) => new(
        c.ContractNumber, c.Status, c.Cover.PolicyVersion,
        new CoverResponse(c.Cover.MaxInstalments, c.InstalmentsUsed, c.InstalmentsLeft, c.DamageCapLeft,
            c.Cover.MonthlyRentAndCharges, c.LastCoveredMonth?.ToString()),
        c.VisaNumber, c.TenantLastName, c.TenantFirstName, c.LandlordId, c.AgentId, c.ExternalRef, c.Lease, c.RegisteredOn,
        c.ExitDate, c.CancelReason, ClaimSummary.From(c));
}

public sealed record ClaimSummary(int InstalmentsUsed, int InstalmentsLeft, decimal TotalPaidOut, decimal RefundOwed,
    int Payouts, decimal? DamageCovered)
{
    public static ClaimSummary From(ContractView c) =>
        new(c.InstalmentsUsed, c.InstalmentsLeft, c.TotalPaidOut, c.RefundOwed, c.Payouts.Count, c.Damage?.Covered);
}

public sealed record ClaimResponse(
    string ContractNumber,
    int InstalmentsUsed,
    int InstalmentsLeft,
    decimal TotalPaidOut,
    decimal RefundOwed,
    IReadOnlyList<ClaimMonthView> Months,
    IReadOnlyList<PayoutView> Payouts);

public sealed record ContractListItem(string ContractNumber, string LandlordId, string? AgentId, string? ExternalRef,
    string VisaNumber, string Status, string PolicyVersion, string Park, string Zone, decimal RentAndCharges,
    DateOnly RegisteredOn, DateOnly? ExitDate, int InstalmentsUsed, decimal TotalPaidOut);

public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>What a contract list is narrowed to, beyond what the caller may see: each filter given, all of them.</summary>
public sealed record ContractFilter(string? LandlordId, string? ExternalRef, string? Status);

/// <summary>What the payouts list is narrowed to: each filter given, all of them.</summary>
public sealed record PayoutFilter(string? Status, string? ContractNumber, string? LandlordId);
