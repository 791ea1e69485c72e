using ActionLogement.Api.Infrastructure;

namespace ActionLogement.Api.Apis.Recovery;

public sealed record ContactBody(ContactChannel Channel, string Note, DateOnly? NextActionOn = null);

public sealed record PlanBody(decimal MonthlyAmount, DateOnly FirstDueDate, int Instalments, decimal TenantMonthlyResources);

public sealed record PaymentBody(decimal Amount, DateOnly? PaidOn = null, string? Reference = null);

/// <param name="BankReference">The transfer's reference, as for a payout: the money left the guarantor.</param>
public sealed record TenantRefundBody(decimal Amount, string BankReference, DateOnly? PaidOn = null);

public sealed record EscalationBody(
    EscalationKind Kind,
    string Reason,
    string? CourtReference = null,
    int? CourtDelayMonths = null,
    DateOnly? FileDate = null,
    OverIndebtednessMeasure? Measure = null,
    int? SuspensionMonths = null);

public sealed record WriteOffBody(decimal Amount, string Reason);

public sealed record QueueItem(string CaseId, string ContractNumber, string LandlordId, string State, decimal Debt,
    DateOnly? NextActionOn, int Missed);

public sealed record RecoveryCaseResponse(
    string CaseId,
    string ContractNumber,
    string LandlordId,
    RecoveryState State,
    decimal PaidOut,
    decimal RefundOwedByLandlord,
    decimal Recovered,
    decimal WrittenOff,
    decimal Debt,
    decimal OverpaidByTenant,
    DateOnly? NextActionOn,
    PlanView? Plan,
    IReadOnlyList<PaymentView> Payments,
    IReadOnlyList<PaymentView> RefundsToTenant,
    IReadOnlyList<TimelineEntry> Timeline,
    EscalationResponse? Escalation)
{
    /// <summary>
    /// The case as <paramref name="caller"/> may see it. Staff see everything. The tenant sees its debt, plan, payments
    /// and what happened, but not the staff's own words (contact notes, the reasons for an escalation or a write-off)
    /// nor which staff member acted: those are the recovery team's working notes, not the tenant's statement.
    /// </summary>
    public static RecoveryCaseResponse From(RecoveryCaseView c, Caller caller)
    {
        var staff = caller.IsStaff;
        return new(c.CaseId, c.ContractNumber, c.LandlordId, c.State, c.PaidOut, c.RefundOwedByLandlord, c.Recovered, c.WrittenOff,
            c.Debt, c.OverpaidByTenant, c.NextActionOn, c.Plan,
            Seen(c.Payments), Seen(c.RefundsToTenant ?? []),
            staff ? c.Timeline : [.. c.Timeline.Select(e => e with { By = RoleOnly(e.By), Note = null })],
            c.Escalation is { } e ? EscalationResponse.From(e, withReason: staff) : null);

        IReadOnlyList<PaymentView> Seen(IReadOnlyList<PaymentView> moves) => staff ? moves : [.. moves.Select(m => m with { By = RoleOnly(m.By) })];
    }

    /// <summary>"staff:staff-001" becomes "staff"; "system" and the tenant's own entries stay as they are.</summary>
    private static string RoleOnly(string by) => by.StartsWith(Roles.Staff + ":", StringComparison.Ordinal) ? Roles.Staff : by;
}

/// <summary>Where a case was escalated. <see cref="Reason"/>, the staff's words, is null for the tenant.</summary>
public sealed record EscalationResponse(
    EscalationKind Kind,
    string? Reason,
    string? CourtReference,
    int? CourtDelayMonths,
    DateOnly? FileDate,
    OverIndebtednessMeasure? Measure,
    int? SuspensionMonths)
{
    public static EscalationResponse From(Escalation e, bool withReason) =>
        new(e.Kind, withReason ? e.Reason : null, e.CourtReference, e.CourtDelayMonths, e.FileDate, e.Measure, e.SuspensionMonths);
}
