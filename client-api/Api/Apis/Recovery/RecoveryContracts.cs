namespace ActionLogement.Api.Apis.Recovery;

public sealed record ContactBody(string Channel, string Note, DateOnly? NextActionOn = null);

public sealed record PlanBody(decimal MonthlyAmount, DateOnly FirstDueDate, int Instalments, decimal TenantMonthlyResources);

public sealed record PaymentBody(decimal Amount, DateOnly? PaidOn = null, string? Reference = null);

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
    IReadOnlyList<TimelineEntry> Timeline,
    Escalation? Escalation)
{
    public static RecoveryCaseResponse From(RecoveryCaseView c) => new(c.CaseId, c.ContractNumber, c.LandlordId, c.State,
        c.PaidOut, c.RefundOwedByLandlord, c.Recovered, c.WrittenOff, c.Debt, c.OverpaidByTenant, c.NextActionOn, c.Plan, c.Payments, c.Timeline, c.Escalation);
}
