using System.Globalization;
using ActionLogement.Grains.Storage;

namespace ActionLogement.Grains.Contracts;

/// <summary>
/// The contract's durable facts. Its claim events and payouts grow with every declaration, so they are not rewritten
/// with the rest: each write appends what it added or changed as one row of <c>contract_changes</c> (a
/// <see cref="ContractChange"/>), in the same statement, and an activation reads them back (see <see cref="Restore"/>).
/// The unpaid-rent claim is not stored at all: it is rebuilt on activation by replaying the claim events
/// through the rule engine, which is pure and idempotent, so the stored facts stay the single source of truth.
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("al.ContractState")]
public sealed class ContractState : IProjectedState
{
    [Id(0)] public ActivateContract? Activation { get; set; }

    [Id(1)] public CoverTerms? Cover { get; set; }

    [Id(2)] public ContractStatus Status { get; set; }

    [Id(3)] public DateOnly? ExitDate { get; set; }

    [Id(4)] public string? CancelReason { get; set; }

    /// <summary>Claim events as states stored them before <c>contract_changes</c>: read, then moved there by the next write.</summary>
    [Id(5)] public List<ClaimEvent>? LegacyClaimEvents { get; set; }

    /// <summary>Payouts as states stored them before <see cref="StoredPayout"/>: read, then moved over (see <see cref="Restore"/>).</summary>
    [Id(6)] public List<PayoutView>? LegacyPayouts { get; set; }

    /// <summary>Payouts as states stored them before <c>contract_changes</c>: read, then moved there by the next write.</summary>
    [Id(11)] public List<StoredPayout>? LegacyStoredPayouts { get; set; }

    /// <summary>How many rows of <c>contract_changes</c> this state's writes appended: none to read when 0.</summary>
    [Id(13)] public int ChangeCount { get; set; }

    /// <summary>
    /// How many claim events this contract has: every accepted change to its claim, in order (see
    /// <see cref="ContractChange"/>). Once stored they are not kept here: the grain holds the claim they add up to, and
    /// a replay of an idempotency key, which needs them, reads them back (see <see cref="EventsOf"/>). Every object an
    /// activation keeps is one more for each garbage collection to trace and copy.
    /// </summary>
    [field: NonSerialized]
    public int EventCount { get; private set; }

    /// <summary>Not stored here: the events added since the last stored write (or read from an older state's own list).</summary>
    [field: NonSerialized]
    public List<ClaimEvent> UnstoredEvents { get; } = [];

    // Not stored: the events recorded under an idempotency key, by their place, kept as plain values.
    [NonSerialized]
    private readonly List<KeyedEvent> _keyedEvents = [];

    /// <summary>
    /// Not stored here: the payouts, without what they share with the contract. A payout's number (and its receipt's)
    /// is its place in this list, its contract and landlord are this contract's.
    /// </summary>
    [field: NonSerialized]
    public List<StoredPayout> StoredPayouts { get; } = [];

    [Id(7)] public DamageView? Damage { get; set; }

    // The damage claim as filed, to tell a retry of it from a second claim. States stored before it have none: any
    // claim again is then answered as the first was.
    [Id(14)] public FileDamageClaim? DamageClaim { get; set; }

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

    // Not stored: what contract_changes already holds, the first events and payouts, less the payouts changed since.
    [NonSerialized]
    private int _storedPayouts;

    [NonSerialized]
    private readonly SortedSet<int> _changedPayouts = [];

    /// <summary>A new payout, pending, numbered after the others.</summary>
    public PayoutView AddPayout(string number, PayoutKind kind, string? month, decimal amount, DateOnly decidedOn, DateTimeOffset now)
    {
        StoredPayouts.Add(new StoredPayout(kind, month, amount, PayoutStatus.Pending, decidedOn, RecordedAt: now));
        return PayoutAt(number, StoredPayouts.Count - 1);
    }

    public void MarkPaid(int index, DateOnly paidOn, string bankReference) =>
        Change(index, StoredPayouts[index] with { Status = PayoutStatus.Paid, PaidOn = paidOn, BankReference = bankReference });

    public void MarkCancelled(int index, DateTimeOffset now) =>
        Change(index, StoredPayouts[index] with { Status = PayoutStatus.Cancelled, CancelledAt = now });

    private void Change(int index, StoredPayout payout)
    {
        StoredPayouts[index] = payout;
        if (index < _storedPayouts)
        {
            _changedPayouts.Add(index);
        }
    }

    /// <summary>
    /// The payouts as lists and answers show them. Built when asked, not kept: every object an activation keeps is one
    /// more for each garbage collection to trace.
    /// </summary>
    public List<PayoutView> PayoutViews(string number) => [.. StoredPayouts.Select((p, i) => ViewOf(number, i + 1, p))];

    public PayoutView PayoutAt(string number, int index) => ViewOf(number, index + 1, StoredPayouts[index]);

    /// <summary>The place of a payout among this contract's, by its id; -1 when it is not one of them.</summary>
    public int IndexOf(string number, string payoutId)
    {
        var prefix = PayoutPrefix(number);
        return payoutId.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(payoutId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && sequence >= 1 && sequence <= StoredPayouts.Count && payoutId == PayoutId(number, sequence)
                ? sequence - 1
                : -1;
    }

    /// <summary>A payout's number: its contract's digits and its place, from 1.</summary>
    public static string PayoutId(string number, int sequence) => $"{PayoutPrefix(number)}{sequence:D3}";

    private static string PayoutPrefix(string number) => $"P-{number[1..]}-";

    /// <summary>
    /// Once read: the payouts from the rows of <c>contract_changes</c> (in order), or from an older state's own lists,
    /// which then stay to be written as this state's next row. Returns the claim events, in order, for the caller to
    /// replay; only their count and idempotency keys stay here.
    /// </summary>
    public List<ClaimEvent> Restore(IReadOnlyCollection<ContractChange> changes)
    {
        foreach (var change in changes)
        {
            StoredPayouts.AddRange(change.NewPayouts);
            foreach (var update in change.UpdatedPayouts)
            {
                StoredPayouts[update.Index] = update.Payout;
            }
        }

        var events = EventsOf(changes);
        foreach (var e in events)
        {
            Index(e);
        }

        _storedPayouts = StoredPayouts.Count;
        foreach (var e in LegacyClaimEvents ?? [])
        {
            events.Add(e);
            AddEvent(e);
        }

        StoredPayouts.AddRange(LegacyStoredPayouts
            ?? LegacyPayouts?.Select(p => new StoredPayout(p.Kind, p.Month, p.Amount, p.Status, p.CreatedOn, p.PaidOn, p.BankReference))
            ?? []);
        (LegacyClaimEvents, LegacyStoredPayouts, LegacyPayouts) = (null, null, null);
        return events;
    }

    /// <summary>
    /// All the claim events, in order, from this contract's rows of <c>contract_changes</c> and those not yet stored
    /// there. Read back only when a replayed idempotency key needs the claim as it stood before its event.
    /// </summary>
    public List<ClaimEvent> EventsOf(IEnumerable<ContractChange> storedChanges) => [.. storedChanges.SelectMany(c => c.Events), .. UnstoredEvents];

    /// <summary>A new claim event, stored by the next write.</summary>
    public void AddEvent(ClaimEvent e)
    {
        UnstoredEvents.Add(e);
        Index(e);
    }

    /// <summary>The place of the last event recorded under this idempotency key, and its request's digest; -1 when none.</summary>
    public (int Event, long Request) FindKey(long key)
    {
        for (var i = _keyedEvents.Count - 1; i >= 0; i--)
        {
            if (_keyedEvents[i].Digest.Key == key)
            {
                return (_keyedEvents[i].Event, _keyedEvents[i].Digest.Request);
            }
        }

        return (-1, 0);
    }

    private void Index(ClaimEvent e)
    {
        if (e.Idempotency is { } digest)
        {
            _keyedEvents.Add(new KeyedEvent(digest, EventCount));
        }

        EventCount++;
    }

    /// <summary>What the next write appends to <c>contract_changes</c>: null when it adds or changes no event or payout.</summary>
    public ContractChange? UnstoredChange() =>
        UnstoredEvents.Count == 0 && StoredPayouts.Count == _storedPayouts && _changedPayouts.Count == 0
            ? null
            : new ContractChange([.. UnstoredEvents], StoredPayouts[_storedPayouts..],
                [.. _changedPayouts.Select(i => new PayoutUpdate(i, StoredPayouts[i]))]);

    /// <summary>After a write accepted with its <see cref="UnstoredChange"/>: all of it is stored.</summary>
    public void ChangeStored()
    {
        UnstoredEvents.Clear();
        _storedPayouts = StoredPayouts.Count;
        _changedPayouts.Clear();
    }

    private PayoutView ViewOf(string number, int sequence, StoredPayout p) =>
        new(PayoutId(number, sequence), number, Activation!.LandlordId, p.Kind, p.Month, p.Amount, p.Status,
            $"QS-{number[1..]}-{sequence:D3}", p.CreatedOn, p.PaidOn, p.BankReference, p.RecordedAt, p.CancelledAt);

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
/// changes nothing, but its key is answered with the same refusal. <see cref="CancelledPayouts"/>: the places of the
/// pending payouts cancelled for months the landlord owed back whole (the domain's PendingPayoutSetOff).
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("al.ClaimEvent")]
public sealed record ClaimEvent(
    [property: Id(0)] DeclareUnpaidRent? Declaration,
    [property: Id(1)] TenantRepayment? Repayment,
    [property: Id(2)] DateOnly? ExitDate,
    [property: Id(3)] IdempotencyDigest? Idempotency = null,
    [property: Id(4)] int PayoutCount = 0,
    [property: Id(5)] bool Refused = false,
    [property: Id(6)] int[]? CancelledPayouts = null);

/// <summary>An event recorded under an idempotency key: the key's digest and the event's place among the contract's.</summary>
public readonly record struct KeyedEvent(IdempotencyDigest Digest, int Event);

/// <summary>
/// One row of <c>contract_changes</c>: the claim events and payouts one write of the contract added (appended in this
/// order to those before), and the earlier payouts it changed (marked paid).
/// </summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("al.ContractChange")]
public sealed record ContractChange(
    [property: Id(0)] List<ClaimEvent> Events,
    [property: Id(1)] List<StoredPayout> NewPayouts,
    [property: Id(2)] List<PayoutUpdate> UpdatedPayouts);

/// <summary>An earlier payout as it now stands, by its place in the contract's payouts.</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.PayoutUpdate")]
public sealed record PayoutUpdate([property: Id(0)] int Index, [property: Id(1)] StoredPayout Payout);

/// <summary>
/// A payout as the contract stores it (see <see cref="ContractState.StoredPayouts"/>). A value, not an object: an
/// activation keeps its payouts for years in one array, so a new one is not one more object for every collection to
/// copy. It was a class once; its stored bytes are the same.
/// </summary>
[GenerateSerializer, Immutable, Alias("al.StoredPayout")]
public readonly record struct StoredPayout(
    [property: Id(0)] PayoutKind Kind,
    [property: Id(1)] string? Month,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] PayoutStatus Status,
    [property: Id(4)] DateOnly CreatedOn,
    [property: Id(5)] DateOnly? PaidOn = null,
    [property: Id(6)] string? BankReference = null,
    [property: Id(7)] DateTimeOffset? RecordedAt = null,
    [property: Id(8)] DateTimeOffset? CancelledAt = null);
