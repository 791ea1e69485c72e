using ActionLogement.Grains.Storage;

namespace ActionLogement.Grains.Contracts;

/// <summary>
/// The contract's durable facts. The unpaid-rent claim is not stored: it is rebuilt on activation by replaying
/// <see cref="ClaimEvents"/> through the rule engine, which is pure and idempotent, so the stored facts stay the
/// single source of truth and the claim can never disagree with them.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("al.ContractState")]
public sealed class ContractState : IProjectedState
{
    [Id(0)] public ActivateContract? Activation { get; set; }

    [Id(1)] public CoverTerms? Cover { get; set; }

    [Id(2)] public ContractStatus Status { get; set; }

    [Id(3)] public DateOnly? ExitDate { get; set; }

    [Id(4)] public string? CancelReason { get; set; }

    [Id(5)] public List<ClaimEvent> ClaimEvents { get; set; } = [];

    [Id(6)] public List<PayoutView> Payouts { get; set; } = [];

    [Id(7)] public DamageView? Damage { get; set; }

    /// <summary>Payouts written here but maybe not yet told to the read model and the recovery case.</summary>
    [Id(8)] public List<string> Outbox { get; set; } = [];

    [Id(9)] public int Version { get; set; }

    /// <summary>The API subject of the visa's holder: the tenant who may read the recovery case.</summary>
    [Id(10)] public string? TenantSubject { get; set; }

    /// <summary>Not stored: the read-model rows of the next write (see <see cref="IProjectedState"/>).</summary>
    [field: NonSerialized]
    public StateProjection? PendingProjection { get; set; }

    /// <summary>The facts of a new contract, whether activated alone (the grain) or in a batch (bulk activation).</summary>
    public void Activate(ActivateContract command, CoverTerms cover, string? tenantSubject)
    {
        Activation = command;
        Cover = cover;
        TenantSubject = tenantSubject;
        Status = ContractStatus.Active;
    }
}

/// <summary>
/// One accepted change to the claim, with the exit date known when it was applied. A declaration sent with an
/// idempotency key keeps it, and how many payouts the contract had once it was applied: enough to give a replay of
/// that key the first answer again. A declaration refused under a key is kept too, marked <see cref="Refused"/>: it
/// changes nothing, but its key is answered with the same refusal.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("al.ClaimEvent")]
public sealed record ClaimEvent(
    [property: Id(0)] DeclareUnpaidRent? Declaration,
    [property: Id(1)] TenantRepayment? Repayment,
    [property: Id(2)] DateOnly? ExitDate,
    [property: Id(3)] IdempotencyDigest? Idempotency = null,
    [property: Id(4)] int PayoutCount = 0,
    [property: Id(5)] bool Refused = false);
