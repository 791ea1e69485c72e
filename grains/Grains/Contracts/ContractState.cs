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

    /// <summary>Payouts as states stored them before <see cref="StoredPayouts"/>: read, then moved over (see <see cref="RestorePayouts"/>).</summary>
    [Id(6)] public List<PayoutView>? LegacyPayouts { get; set; }

    /// <summary>
    /// The payouts, without what they share with the contract: a payout's number (and its receipt's) is its place in
    /// this list, its contract and landlord are this contract's. The state is written whole on every command, so
    /// these bytes are paid again each time.
    /// </summary>
    [Id(11)] public List<StoredPayout> StoredPayouts { get; set; } = [];

    /// <summary>Not stored: the payouts as lists and answers show them, kept beside <see cref="StoredPayouts"/>.</summary>
    [field: NonSerialized]
    public List<PayoutView> Payouts { get; } = [];

    [Id(7)] public DamageView? Damage { get; set; }

    /// <summary>Payouts written here but maybe not yet told to the read model and the recovery case.</summary>
    [Id(8)] public List<string> Outbox { get; set; } = [];

    [Id(9)] public int Version { get; set; }

    /// <summary>
    /// Whether the recovery case is known to be open: it then reads the payouts from this contract whenever it needs
    /// them, and new ones are not handed to it one by one (the write that creates them already counts them in the
    /// case's row). False until a handover reaches the case, and again from the moment the case closes, so that the
    /// next payout reopens it.
    /// </summary>
    [Id(12)] public bool CaseOpen { get; set; }

    /// <summary>The API subject of the visa's holder: the tenant who may read the recovery case.</summary>
    [Id(10)] public string? TenantSubject { get; set; }

    /// <summary>Not stored: the read-model rows of the next write (see <see cref="IProjectedState"/>).</summary>
    [field: NonSerialized]
    public StateProjection? PendingProjection { get; set; }

    /// <summary>A new payout, pending, numbered after the others.</summary>
    public PayoutView AddPayout(string number, PayoutKind kind, string? month, decimal amount, DateOnly today)
    {
        var stored = new StoredPayout(kind, month, amount, PayoutStatus.Pending, today);
        StoredPayouts.Add(stored);
        var payout = ViewOf(number, StoredPayouts.Count, stored);
        Payouts.Add(payout);
        return payout;
    }

    public void MarkPaid(string number, int index, DateOnly paidOn, string bankReference)
    {
        StoredPayouts[index] = StoredPayouts[index] with { Status = PayoutStatus.Paid, PaidOn = paidOn, BankReference = bankReference };
        Payouts[index] = ViewOf(number, index + 1, StoredPayouts[index]);
    }

    /// <summary>Once read: the payouts' views, after moving those of an older state to the compact form.</summary>
    public void RestorePayouts(string number)
    {
        if (LegacyPayouts is { Count: > 0 } legacy)
        {
            StoredPayouts = [.. legacy.Select(p => new StoredPayout(p.Kind, p.Month, p.Amount, p.Status, p.CreatedOn, p.PaidOn, p.BankReference))];
        }

        LegacyPayouts = null;
        Payouts.Clear();
        Payouts.AddRange(StoredPayouts.Select((p, i) => ViewOf(number, i + 1, p)));
    }

    private PayoutView ViewOf(string number, int sequence, StoredPayout p)
    {
        var digits = number[1..];
        return new PayoutView($"P-{digits}-{sequence:D3}", number, Activation!.LandlordId, p.Kind, p.Month, p.Amount, p.Status,
            $"QS-{digits}-{sequence:D3}", p.CreatedOn, p.PaidOn, p.BankReference);
    }

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

/// <summary>A payout as the contract stores it (see <see cref="ContractState.StoredPayouts"/>).</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.StoredPayout")]
public sealed record StoredPayout(
    [property: Id(0)] PayoutKind Kind,
    [property: Id(1)] string? Month,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] PayoutStatus Status,
    [property: Id(4)] DateOnly CreatedOn,
    [property: Id(5)] DateOnly? PaidOn = null,
    [property: Id(6)] string? BankReference = null);
