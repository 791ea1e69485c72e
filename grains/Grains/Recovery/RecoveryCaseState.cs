using ActionLogement.Grains.Storage;

namespace ActionLogement.Grains.Recovery;

[GenerateSerializer, SuppressReferenceTracking, Alias("al.RecoveryCaseState")]
public sealed class RecoveryCaseState : IProjectedState
{
    /// <summary>Not stored: the read-model row of the next write (see <see cref="IProjectedState"/>).</summary>
    [field: NonSerialized]
    public StateProjection? PendingProjection { get; set; }

    [Id(0)] public CaseParties? Parties { get; set; }

    [Id(1)] public RecoveryState State { get; set; } = RecoveryState.Amicable;

    /// <summary>
    /// Not stored: the contract's payouts, the debt's origin, by id (a payout handed over twice counts once). The
    /// contract's stored payouts are their one record; the case reads them when activated and hears of new ones. (Id 2
    /// held them once; stored states that still carry it are read without it.)
    /// </summary>
    [field: NonSerialized]
    public Dictionary<string, PayoutView> Payouts { get; } = [];

    /// <summary>Payments by idempotency key: a replayed payment is found here and not counted again.</summary>
    [Id(3)] public Dictionary<string, PaymentView> Payments { get; set; } = [];

    [Id(4)] public decimal WrittenOff { get; set; }

    [Id(5)] public PlanProposal? Plan { get; set; }

    /// <summary>The debt when the plan was set, and what had been recovered by then.</summary>
    [Id(6)] public decimal PlanDebt { get; set; }

    [Id(7)] public decimal RecoveredAtPlanStart { get; set; }

    [Id(8)] public List<TimelineEntry> Timeline { get; set; } = [];

    [Id(9)] public DateOnly? NextActionOn { get; set; }

    [Id(10)] public Escalation? Escalation { get; set; }

    [Id(11)] public int Version { get; set; }

    /// <summary>What the contract's landlord owes back, as last read: the tenant paid the landlord that much.</summary>
    [Id(12)] public decimal RefundOwedByLandlord { get; set; }

    /// <summary>
    /// How many payouts there were, and what had been recovered, when the case was written off: the debt the write-off
    /// erased is what those payouts stand for now, less that (<see cref="IContractGrain.GetPayoutsOn"/>). Id 13 held
    /// what they had paid out then, before a payout could be cancelled.
    /// </summary>
    [Id(14)] public decimal RecoveredAtWriteOff { get; set; }

    [Id(15)] public int PayoutCountAtWriteOff { get; set; }

    /// <summary>The day the plan was recorded; its instalments due before then are not missed (none for older states).</summary>
    [Id(16)] public DateOnly? PlanSetOn { get; set; }

    /// <summary>Under a suspension of enforcement ordered by the commission, the day it ends (none for older states).</summary>
    [Id(17)] public DateOnly? SuspendedUntil { get; set; }

    /// <summary>Under a court's or the commission's plan, how many of its instalments were found missed and told to staff.</summary>
    [Id(18)] public int MissedReported { get; set; }

    /// <summary>What the guarantor paid the tenant back of what it overpaid, by the caller's idempotency key.</summary>
    [Id(19)] public Dictionary<string, PaymentView> TenantRefunds { get; set; } = [];

    /// <summary>
    /// The staff steps (contact, plan, escalation, write-off) recorded under an idempotency key, as its digest's two
    /// halves: key, then request. The API answers a key's replay itself; a key found here is one whose answer was lost
    /// with its silo after this case's write, which the API then freed.
    /// </summary>
    [Id(20)] public Dictionary<long, long> StepKeys { get; set; } = [];

    /// <summary>The contract's payouts but those cancelled before their transfer (their months were owed back whole).</summary>
    public decimal PaidOut => Payouts.Values.Where(p => p.Status.PaysOut()).Sum(p => p.Amount);

    /// <summary>What the tenant repaid and the guarantor kept: its payments, less what was paid back to it.</summary>
    public decimal Recovered => Payments.Values.Sum(p => p.Amount) - TenantRefunds.Values.Sum(r => r.Amount);

    /// <summary>The day of the first payout counted: the tenant owes the guarantor from then on.</summary>
    public DateOnly? OwedSince => Payouts.Values.Where(p => p.Status.PaysOut()).Select(p => (DateOnly?)p.CreatedOn).Min();

    /// <summary>What the tenant owes; never below zero (see <see cref="RecoveryCaseView.OverpaidByTenant"/>).</summary>
    public decimal Debt => Math.Max(0, PaidOut - RefundOwedByLandlord - Recovered - WrittenOff);

    /// <summary>What the guarantor owes the tenant back (<see cref="RecoveryCaseView.OverpaidByTenant"/>).</summary>
    public decimal OverpaidByTenant => RecoveryCaseView.Overpaid(Recovered, RefundOwedByLandlord, PaidOut);

    public bool IsClosed => State is RecoveryState.ClosedPaid or RecoveryState.ClosedWrittenOff;
}
