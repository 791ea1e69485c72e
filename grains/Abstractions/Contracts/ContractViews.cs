using System.Text.Json.Serialization;

namespace ActionLogement.Grains.Abstractions;

public enum ContractStatus
{
    Active,
    Ended,
    Cancelled,
}

public enum PayoutKind
{
    UnpaidRent,
    Damage,
}

public enum PayoutStatus
{
    Pending,
    Paid,

    /// <summary>Never transferred: its month was taken back whole before it was (see the domain's PendingPayoutSetOff).</summary>
    Cancelled,
}

public static class PayoutStatusExtensions
{
    /// <summary>Whether the payout counts as paid out (transferred, or to be): every one but those cancelled.</summary>
    public static bool PaysOut(this PayoutStatus status) => status != PayoutStatus.Cancelled;
}

/// <summary>
/// One transfer to the landlord, against a subrogation receipt. When it was recorded and cancelled are for the recovery
/// case's timeline (a payout's own date is the day it was decided, which a back office may state in the past); the
/// read model does not keep them.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.PayoutView")]
public sealed record PayoutView(
    [property: Id(0)] string PayoutId,
    [property: Id(1)] string ContractNumber,
    [property: Id(2)] string LandlordId,
    [property: Id(3)] PayoutKind Kind,
    [property: Id(4)] string? Month,
    [property: Id(5)] decimal Amount,
    [property: Id(6)] PayoutStatus Status,
    [property: Id(7)] string ReceiptNumber,
    [property: Id(8)] DateOnly CreatedOn,
    [property: Id(9)] DateOnly? PaidOn,
    [property: Id(10)] string? BankReference,
    [property: Id(11), JsonIgnore] DateTimeOffset? RecordedAt = null,
    [property: Id(12), JsonIgnore] DateTimeOffset? CancelledAt = null);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.ClaimMonthView")]
public sealed record ClaimMonthView(
    [property: Id(0)] string Month,
    [property: Id(1)] decimal Due,
    [property: Id(2)] decimal Unpaid,
    [property: Id(3)] decimal Covered,
    [property: Id(4)] string? Code);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.DamageView")]
public sealed record DamageView(
    [property: Id(0)] decimal Covered,
    [property: Id(1)] string? PayoutId,
    [property: Id(2)] string? Code,
    [property: Id(3)] DateOnly FiledOn);

/// <summary>A contract as its landlord, partner and staff see it.</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.ContractView")]
public sealed record ContractView(
    [property: Id(0)] string ContractNumber,
    [property: Id(1)] ContractStatus Status,
    [property: Id(2)] string VisaNumber,
    [property: Id(3)] string TenantLastName,
    [property: Id(4)] string? TenantFirstName,
    [property: Id(5)] string LandlordId,
    [property: Id(6)] string? AgentId,
    [property: Id(7)] string? ExternalRef,
    [property: Id(8)] LeaseTerms Lease,
    [property: Id(9)] CoverTerms Cover,
    [property: Id(10)] DateOnly RegisteredOn,
    [property: Id(11)] DateOnly? ExitDate,
    [property: Id(12)] string? CancelReason,
    [property: Id(13)] int InstalmentsUsed,
    [property: Id(14)] decimal TotalPaidOut,
    [property: Id(15)] decimal RefundOwed,
    [property: Id(16)] IReadOnlyList<ClaimMonthView> ClaimMonths,
    [property: Id(17)] IReadOnlyList<PayoutView> Payouts,
    [property: Id(18)] DamageView? Damage)
{
    /// <summary>None once cancelled (a lease that never started gives no cover); an ended contract still covers the
    /// months before its exit, declared late.</summary>
    public int InstalmentsLeft => Status == ContractStatus.Cancelled ? 0 : Math.Max(0, Cover.MaxInstalments - InstalmentsUsed);

    /// <summary>The damage cap, none once cancelled.</summary>
    public decimal? DamageCapLeft => Status == ContractStatus.Cancelled ? null : Cover.DamageCap;

    /// <summary>The last month whose rent is covered: the cover's, or the move-out's if earlier; none once cancelled.</summary>
    public YearMonth? LastCoveredMonth => Status == ContractStatus.Cancelled ? null : Cover.ToDomain().LastCoveredMonthGiven(ExitDate);
}

/// <summary>The answer to an activation: the contract, or the refusals (<c>Conflict</c>: the visa is taken).</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.ActivationOutcome")]
public sealed record ActivationOutcome(
    [property: Id(0)] ContractView? Contract,
    [property: Id(1)] IReadOnlyList<Violation> Violations,
    [property: Id(2)] bool Conflict,
    [property: Id(3)] string? VisaUsedByContract = null);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.MonthResult")]
public sealed record MonthResult(
    [property: Id(0)] string Month,
    [property: Id(1)] decimal Covered,
    [property: Id(2)] string? PayoutId,
    [property: Id(3)] string? Code);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.DeclarationResult")]
public sealed record DeclarationResult(
    [property: Id(0)] IReadOnlyList<MonthResult> Months,
    [property: Id(1)] int InstalmentsUsed,
    [property: Id(2)] int InstalmentsLeft,
    [property: Id(3)] decimal Debt,
    [property: Id(4)] IReadOnlyList<Violation> Violations,
    [property: Id(5), JsonIgnore] DeclarationRecord Record = DeclarationRecord.None);

/// <summary>What the grain kept of a declaration sent with a <see cref="CommandOrigin"/>; not part of the answer.</summary>
public enum DeclarationRecord
{
    /// <summary>Nothing was recorded (no key came with it, or the contract gives no cover): the API audits the command.</summary>
    None,

    /// <summary>Recorded with the state, with its key and its audit row: a change, a refusal, or an answer that changed nothing.</summary>
    Recorded,

    /// <summary>The key was recorded before with the same request: this is the first answer again.</summary>
    Replayed,
}

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.DamageResult")]
public sealed record DamageResult(
    [property: Id(0)] decimal Covered,
    [property: Id(1)] string? PayoutId,
    [property: Id(2)] string? Code,
    [property: Id(3)] IReadOnlyList<Violation> Violations,
    [property: Id(4)] decimal? WearDeducted = null);

/// <summary>Success or the refusals of a command that has no other result.</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] bool Done,
    [property: Id(1)] IReadOnlyList<Violation> Violations,
    [property: Id(2)] bool Conflict = false)
{
    public static readonly CommandResult Ok = new(true, []);

    public static CommandResult Refused(string code, string? field, string message, bool conflict = false) =>
        new(false, [new Violation(code, field, message)], conflict);
}
