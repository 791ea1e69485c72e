namespace ActionLogement.Grains.Abstractions;

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.ContactEntry")]
public sealed record ContactEntry(
    [property: Id(0)] ContactChannel Channel,
    [property: Id(1)] string Note,
    [property: Id(2)] DateOnly? NextActionOn);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.PlanProposal")]
public sealed record PlanProposal(
    [property: Id(0)] decimal MonthlyAmount,
    [property: Id(1)] DateOnly FirstDueDate,
    [property: Id(2)] int Instalments,
    [property: Id(3)] decimal TenantMonthlyResources);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.PaymentEntry")]
public sealed record PaymentEntry(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] DateOnly PaidOn,
    [property: Id(3)] string? Reference);

/// <summary>How staff reached the tenant: a fixed list, so that the timeline the tenant sees holds no staff words.</summary>
public enum ContactChannel
{
    Phone,
    Email,
    Letter,
    Sms,
    Visit,
    Other,
}

public enum EscalationKind
{
    Litigation,
    OverIndebtedness,
}

public enum OverIndebtednessMeasure
{
    Suspension,
    ReschedulePlan,
    WriteOff,
}

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.Escalation")]
public sealed record Escalation(
    [property: Id(0)] EscalationKind Kind,
    [property: Id(1)] string Reason,
    [property: Id(2)] string? CourtReference,
    [property: Id(3)] int? CourtDelayMonths,
    [property: Id(4)] DateOnly? FileDate,
    [property: Id(5)] OverIndebtednessMeasure? Measure,
    [property: Id(6)] int? SuspensionMonths) : IEscalationTerms
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NamesMeasure => Measure is not null;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool NamesSuspension => Measure == OverIndebtednessMeasure.Suspension;
}

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.WriteOffDecision")]
public sealed record WriteOffDecision(
    [property: Id(0)] decimal Amount,
    [property: Id(1)] string Reason);

/// <summary>
/// One thing that happened to a case. <see cref="Note"/> holds a staff member's own words (a contact's note, the reason
/// for an escalation or a write-off) apart from the text the case writes itself, so that it can be kept from the tenant.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string By,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Text,
    [property: Id(4)] string? Note = null);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.PlanView")]
public sealed record PlanView(
    [property: Id(0)] PlanProposal Proposal,
    [property: Id(1)] decimal Debt,
    [property: Id(2)] IReadOnlyList<InstalmentView> Schedule,
    [property: Id(3)] decimal PaidTowardsPlan,
    [property: Id(4)] int Missed);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.InstalmentView")]
public sealed record InstalmentView(
    [property: Id(0)] int Number,
    [property: Id(1)] DateOnly DueDate,
    [property: Id(2)] decimal Amount);

/// <param name="Reference">The payer's own reference (a bank transfer's, say), when one was given.</param>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.PaymentView")]
public sealed record PaymentView(
    [property: Id(0)] string? Reference,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] DateOnly PaidOn,
    [property: Id(3)] string By);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.RecoveryCaseView")]
public sealed record RecoveryCaseView(
    [property: Id(0)] string CaseId,
    [property: Id(1)] string ContractNumber,
    [property: Id(2)] string LandlordId,
    [property: Id(3)] string? TenantSubject,
    [property: Id(4)] RecoveryState State,
    [property: Id(5)] decimal PaidOut,
    [property: Id(6)] decimal Recovered,
    [property: Id(7)] decimal WrittenOff,
    [property: Id(8)] PlanView? Plan,
    [property: Id(9)] IReadOnlyList<PaymentView> Payments,
    [property: Id(10)] IReadOnlyList<TimelineEntry> Timeline,
    [property: Id(11)] DateOnly? NextActionOn,
    [property: Id(12)] Escalation? Escalation = null,
    [property: Id(13)] decimal RefundOwedByLandlord = 0,
    [property: Id(14)] IReadOnlyList<PaymentView>? RefundsToTenant = null)
{
    /// <summary>What the tenant owes the guarantor: what was paid out, less what the tenant paid the landlord after it
    /// (the landlord owes that back), what the tenant repaid and what was written off. Never below zero.</summary>
    public decimal Debt => Math.Max(0, PaidOut - RefundOwedByLandlord - Recovered - WrittenOff);

    /// <summary>
    /// What the tenant paid beyond that: repaid to the guarantor for rent it had also paid the landlord, who now owes it
    /// back. The guarantor owes the tenant this much.
    /// </summary>
    /// <remarks>What was written off is not counted: a write-off forgives what remained, it pays nothing.</remarks>
    public decimal OverpaidByTenant => Overpaid(Recovered, RefundOwedByLandlord, PaidOut);

    /// <summary>The one formula of <see cref="OverpaidByTenant"/>, for the grain's state too.</summary>
    public static decimal Overpaid(decimal recovered, decimal refundOwedByLandlord, decimal paidOut) =>
        Math.Max(0, recovered + refundOwedByLandlord - paidOut);
}

/// <summary>The case after a command, or the refusals (<c>Conflict</c>: not allowed in the case's state).</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.RecoveryOutcome")]
public sealed record RecoveryOutcome(
    [property: Id(0)] RecoveryCaseView? Case,
    [property: Id(1)] IReadOnlyList<Violation> Violations,
    [property: Id(2)] bool Conflict = false);
