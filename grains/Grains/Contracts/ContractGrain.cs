using ActionLogement.Grains.ReadModels;
using ActionLogement.Grains.Visas;

namespace ActionLogement.Grains.Contracts;

// A contract is touched a few times a month, yet its activation holds its whole claim and payouts: kept two minutes
// after its last call rather than Orleans' fifteen, so the silo's heap holds the contracts at work, not yesterday's.
[GrainType(TypeName)]
[CollectionAgeLimit(Minutes = 2)]
public sealed class ContractGrain(
    [PersistentState(ContractGrain.StateName, StorageNames.Default)] IPersistentState<ContractState> state,
    ContractChangeLog changeLog,
    PolicyCatalog policies,
    BusinessClock clock,
    ILogger<ContractGrain> logger) : Grain, IContractGrain
{
    public const string TypeName = "contract";
    public const string StateName = "contract";

    /// <summary>How long after a failed delivery to the recovery case the outbox is sent again.</summary>
    internal static readonly TimeSpan RedeliveryDelay = TimeSpan.FromSeconds(5);

    private RentClaim _claim = RentClaim.Empty;
    private IGrainTimer? _redelivery;

    // Payouts (by place) created or changed since the last stored write: the next write puts them in the read model.
    private readonly List<int> _unstoredPayouts = [];

    // Payouts created since the last stored write: the next write counts their sum in the recovery case's row, and
    // /metrics counts them once stored.
    private readonly List<(PayoutKind Kind, decimal Amount)> _unstoredNew = [];

    // What the landlord owed back as of the last stored write: a write that changes it tells the recovery case.
    private decimal _storedRefundOwed;

    // How many times the recovery case announced it was closing: a handover that started before the last announcement
    // does not mark the case open.
    private int _caseClosings;

    private string Number => this.GetPrimaryKeyString();

    private ContractState S => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Activation is not null)
        {
            // Most contracts never see a claim: they have no change rows, and no query is made for them.
            _claim = ContractClaim.Replay(S, policies, S.Restore(await StoredChangesAsync()));
            _storedRefundOwed = _claim.RefundOwed;
        }

        HandOver(Outboxed());
    }

    public async Task<ActivationOutcome> Activate(ActivateContract command)
    {
        if (S.Activation is not null)
        {
            // Same contract number, same request: the first result. Anything else: this number is taken.
            return S.Activation == command
                ? new ActivationOutcome(View(), [], false)
                : new ActivationOutcome(null, [new Violation("contract_exists", null, $"Contract {Number} already exists.")], true);
        }

        var reservation = await GrainFactory.GetGrain<IVisaGrain>(command.VisaNumber).ReserveFor(Number, command);
        if (!reservation.Reserved && command.Key is { } key && VisaReservations.HeldByAnotherAmongOthers(reservation)
            && await GrainFactory.GetGrain<IContractGrain>(reservation.UsedByContract!).ActivatedUnder(key) is { } first)
        {
            // The visa went to this very request, under another number, before its answer was lost: that contract, as it
            // is now, whatever today's rules would say of the request (a registration now late, say).
            return new ActivationOutcome(first, [], false);
        }

        if (!reservation.Reserved)
        {
            // A state conflict (409) when the visa's holder is the only objection; a rule refusal (422) otherwise.
            return new ActivationOutcome(null, reservation.Violations, VisaReservations.HeldByAnother(reservation),
                VisaReservations.HeldByAnotherAmongOthers(reservation) ? reservation.UsedByContract : null);
        }

        S.Activate(command, reservation.Cover!, reservation.HolderSubject);
        try
        {
            await WriteAsync();
        }
        catch (Exception e) when (StateWrites.RefusedByDatabase(e))
        {
            // Nothing was stored, so the visa is freed now rather than after VisaReservations.AbandonedAfter (a retry
            // would meet visa_already_used until then). A write whose fate is unknown keeps the reservation.
            await GrainFactory.GetGrain<IVisaGrain>(command.VisaNumber).Release(Number);
            throw;
        }

        return new ActivationOutcome(View(), [], false);
    }

    public Task<ContractView?> Get() => Task.FromResult(Exists() ? View() : null);

    public Task<ContractView?> ActivatedUnder(IdempotencyDigest key) =>
        Task.FromResult(Exists() && S.Activation!.Key == key ? View() : null);

    public Task<decimal> GetRefundOwed() => Task.FromResult(_claim.RefundOwed);

    public Task<PayoutsBasis> GetPayoutsOn(int payoutCount)
    {
        var payouts = S.StoredPayouts.Take(payoutCount).ToList();
        var months = payouts.Select(p => p.Month).OfType<string>().ToHashSet();
        return Task.FromResult(new PayoutsBasis(
            Money.Round(payouts.Where(p => p.Status.PaysOut()).Sum(p => p.Amount)),
            Money.Round(_claim.Months.Where(m => months.Contains(m.Month.ToString())).Sum(m => m.Refunded))));
    }

    public Task<IReadOnlyList<PayoutView>> GetPayouts() => Task.FromResult<IReadOnlyList<PayoutView>>(S.PayoutViews(Number));

    public async Task<IReadOnlyList<PayoutView>> RecoveryCaseClosing()
    {
        _caseClosings++;
        if (S.CaseOpen)
        {
            // Stored before the case stores its closing: a payout written from here on is handed over and reopens it.
            S.CaseOpen = false;
            await WriteAsync();
        }

        return S.PayoutViews(Number);
    }

    public Task<ContractParties?> GetParties() =>
        Task.FromResult(Exists() ? new ContractParties(S.Activation!.LandlordId, S.Activation.AgentId) : null);

    public async Task<CommandResult> Exit(DateOnly exitDate)
    {
        if (Refusal(mustBeActive: true) is { } refused)
        {
            return refused;
        }

        if (exitDate < S.Activation!.Lease.EffectiveOn)
        {
            return CommandResult.Refused(RuleCodes.DateOutOfRange, "exitDate", "The move-out date is before the lease's effect date.");
        }

        if (RequestDates.CheckAhead(exitDate, Today(), "exitDate") is { } tooFar)
        {
            return CommandResult.Refused(tooFar.Code, tooFar.Field, tooFar.Message);
        }

        RecordExit(exitDate);
        await WriteAsync();
        return CommandResult.Ok;
    }

    /// <summary>
    /// Ends the contract on this move-out. Months already paid after it are owed back by the landlord, recorded as an
    /// event so that a replay of the claim takes them back too.
    /// </summary>
    private void RecordExit(DateOnly exitDate)
    {
        S.Status = ContractStatus.Ended;
        S.ExitDate = exitDate;
        var reassessed = UnpaidRentCalculator.ApplyExit(ContractClaim.Terms(S, exitDate), _claim, ContractClaim.Policy(S, policies));
        if (reassessed != _claim)
        {
            S.AddEvent(new ClaimEvent(null, null, exitDate));
            _claim = reassessed;
        }
    }

    public async Task<CommandResult> Cancel(string reason)
    {
        if (Refusal(mustBeActive: true) is { } refused)
        {
            return refused;
        }

        // A claim says the tenant lived there and owed rent, paid out or not yet: a lease that never started has none.
        if (S.StoredPayouts.Count > 0 || _claim.Opened)
        {
            return CommandResult.Refused(RuleCodes.ContractNotActive, null,
                "A contract with an unpaid-rent claim cannot be cancelled: the tenant moved in. Record the exit instead.", conflict: true);
        }

        S.Status = ContractStatus.Cancelled;
        S.CancelReason = reason;
        await WriteAsync();
        await GrainFactory.GetGrain<IVisaGrain>(S.Activation!.VisaNumber).Release(Number);
        return CommandResult.Ok;
    }

    public async Task<DeclarationResult> DeclareUnpaidRent(DeclareUnpaidRent declaration, CommandOrigin? origin)
    {
        // Checked before anything else, in this grain's one-at-a-time turn: a replay racing the first request waits for
        // it and finds its key here.
        var key = origin?.Idempotency;
        if (key is { } sent && S.FindKey(sent.Key) is ( >= 0 and var recorded, var request))
        {
            return request == sent.Request
                ? await FirstAnswerToAsync(recorded)
                : Declined(RuleCodes.IdempotencyKeyReused, IdempotencyDigest.ReusedMessage);
        }

        // Not recorded: a missing or cancelled contract stays so, and answers the same to a replay.
        if (S.Activation is null || S.Status == ContractStatus.Cancelled)
        {
            return Declined(RuleCodes.ContractNotActive, "This contract gives no cover.");
        }

        var (terms, policy) = (ContractClaim.Terms(S, S.ExitDate), ContractClaim.Policy(S, policies));
        var outcome = UnpaidRentCalculator.Apply(terms, _claim, declaration.ToDomain(), policy);
        var refusal = Refusal(outcome, terms, policy);
        if (key is null && (refusal.Count > 0 || outcome.Claim == _claim))
        {
            return Answer(outcome.Months, _claim, S.StoredPayouts.Count, created: 0, refusal, DeclarationRecord.None);
        }

        // A change, or any answer given under a key: recorded, so that a replay of the key gets this answer again
        // however the claim moves on. A refusal is kept as an event that the claim's replay passes over; an answer
        // that changed nothing changes nothing when replayed either.
        if (refusal.Count == 0)
        {
            foreach (var order in outcome.Payouts)
            {
                AddPayout(PayoutKind.UnpaidRent, order.Month.ToString(), order.Amount, declaration.DeclaredOn);
            }

            _claim = outcome.Claim;
        }

        S.AddEvent(new ClaimEvent(declaration, null, S.ExitDate, key, S.StoredPayouts.Count, Refused: refusal.Count > 0));
        await WriteAsync(origin, refusal.FirstOrDefault()?.Code);
        return Answer(outcome.Months, _claim, S.StoredPayouts.Count, refusal.Count > 0 ? 0 : outcome.Payouts.Count, refusal,
            origin is null ? DeclarationRecord.None : DeclarationRecord.Recorded);
    }

    /// <summary>
    /// Why a declaration is refused as a whole (422, its claim unchanged): its own violations, or, when no month of it
    /// can be accepted, each month's code (API.md). Empty when it is accepted, whether or not it changes anything.
    /// </summary>
    private static List<Violation> Refusal(DeclarationOutcome outcome, ContractTerms terms, Policy policy) =>
        outcome.Violations.Count > 0 ? outcome.Violations.Select(Violation.From).ToList()
        : outcome.Payouts.Count == 0 && outcome.Months.Count > 0
            && outcome.Months.All(m => m.Covered == 0 && m.Code is not null && m.Code is not (RuleCodes.NoDefaultYet or RuleCodes.ChargesOnly))
            ? outcome.Months.Select(m => new Violation(m.Code!, $"months[{m.Month}]", MonthRefusals.Explain(m, terms, policy))).ToList()
        : [];

    /// <summary>
    /// The answer the declaration of event <paramref name="index"/> got: decided again on the claim as it stood
    /// before it (the rules are pure), with the payouts that existed once it was applied (their amounts never change).
    /// The events are read back for it: a replay is rare, and an activation does not keep them (see
    /// <see cref="ContractState.EventCount"/>).
    /// </summary>
    private async Task<DeclarationResult> FirstAnswerToAsync(int index)
    {
        var events = S.EventsOf(await StoredChangesAsync());
        var e = events[index];
        var before = ContractClaim.Replay(S, policies, events.Take(index));
        var (terms, policy) = (ContractClaim.Terms(S, e.ExitDate), ContractClaim.Policy(S, policies));
        var outcome = UnpaidRentCalculator.Apply(terms, before, e.Declaration!.ToDomain(), policy, accepted: !e.Refused);
        var refusal = Refusal(outcome, terms, policy);
        var after = refusal.Count > 0 ? before : outcome.Claim;
        // The payouts the same write cancelled, set off right after the declaration's own event (see WriteAsync).
        if (refusal.Count == 0 && index + 1 < events.Count && events[index + 1].CancelledPayouts is { } cancelled)
        {
            after = ContractClaim.SetOff(S, after, cancelled);
        }

        return Answer(outcome.Months, after, e.PayoutCount, outcome.Payouts.Count, refusal, DeclarationRecord.Replayed);
    }

    /// <summary>
    /// A declaration's answer, as things stand with <paramref name="claim"/> and the first <paramref name="payoutCount"/>
    /// payouts (all of them, or those that existed once a replayed declaration was applied), of which the last
    /// <paramref name="created"/> are the declaration's own: a refusal's violations with the claim's totals, or each month
    /// with the payout this declaration created for it. A month it created none for (re-sent as it was, corrected down,
    /// still waiting for the default) names none: an earlier payout's id there would read as a new payment.
    /// </summary>
    private DeclarationResult Answer(IEnumerable<MonthOutcome> months, RentClaim claim, int payoutCount, int created, List<Violation> refusal,
        DeclarationRecord record) =>
        new(refusal.Count > 0 ? [] : months.Select(m => new MonthResult(m.Month.ToString(), m.Covered,
                PayoutCreatedFor(m.Month.ToString(), payoutCount - created, payoutCount), m.Code)).ToList(),
            claim.InstalmentsUsed, InstalmentsLeft(claim), DebtOf(payoutCount, claim), refusal, record);

    private string? PayoutCreatedFor(string month, int from, int to)
    {
        // An event recorded under earlier rules may be decided again to more payouts than its write created.
        for (var i = Math.Max(0, from); i < to; i++)
        {
            if (S.StoredPayouts[i].Month == month)
            {
                return ContractState.PayoutId(Number, i + 1);
            }
        }

        return null;
    }

    public async Task<CommandResult> RecordTenantRepayment(TenantRepayment repayment, IdempotencyDigest? key = null)
    {
        // The API answers a replayed key from its own store; a key found here is one whose answer never reached it (the
        // silo died after this write), which the API then freed: recorded already, it must not be recorded twice.
        if (key is { } sent && S.FindKey(sent.Key) is ( >= 0, var request))
        {
            return request == sent.Request
                ? CommandResult.Ok
                : CommandResult.Refused(RuleCodes.IdempotencyKeyReused, null, IdempotencyDigest.ReusedMessage, conflict: true);
        }

        if (S.Activation is null)
        {
            return CommandResult.Refused("not_found", null, $"No contract {Number}.");
        }

        // As the other money commands: a lease that never started covered nothing the tenant could repay.
        if (S.Status == ContractStatus.Cancelled)
        {
            return CommandResult.Refused(RuleCodes.ContractNotActive, null, "This contract gives no cover.", conflict: true);
        }

        var updated = UnpaidRentCalculator.ApplyTenantRepayment(_claim, YearMonth.Parse(repayment.Month), repayment.Amount, out var violations);
        if (violations.Count > 0)
        {
            return new CommandResult(false, violations.Select(Violation.From).ToList());
        }

        S.AddEvent(new ClaimEvent(null, repayment, S.ExitDate, key));
        _claim = updated;
        await WriteAsync();
        return CommandResult.Ok;
    }

    public async Task<DamageResult> FileDamageClaim(FileDamageClaim claim)
    {
        if (S.Activation is null || S.Status == ContractStatus.Cancelled)
        {
            return new DamageResult(0, null, RuleCodes.ContractNotActive, [new Violation(RuleCodes.ContractNotActive, null, "This contract gives no cover.")]);
        }

        // One damage claim per contract: the same claim again (a retry, whatever day it is sent) is answered as the
        // first was; another one is refused.
        var terms = ContractClaim.Terms(S, S.ExitDate ?? claim.ExitDate);
        if (S.Damage is { } filed && (S.DamageClaim is null || S.DamageClaim == claim with { FiledOn = S.DamageClaim.FiledOn }))
        {
            var wear = S.DamageClaim is { } first
                ? first.RepairCost - DamageCalculator.AfterWear(terms, first.ToDomain(), ContractClaim.Policy(S, policies))
                : (decimal?)null;
            return new DamageResult(filed.Covered, filed.PayoutId, filed.Code, [], wear);
        }

        var outcome = DamageCalculator.Assess(terms, claim.ToDomain(), ContractClaim.Policy(S, policies), alreadyClaimed: S.Damage is not null);
        var violations = outcome.Violations.Select(Violation.From).ToList();
        if (violations.Count > 0)
        {
            return new DamageResult(0, null, violations[0].Code, violations);
        }

        var payoutId = outcome.Covered > 0 ? AddPayout(PayoutKind.Damage, null, outcome.Covered, claim.FiledOn) : null;
        S.Damage = new DamageView(outcome.Covered, payoutId, null, claim.FiledOn);
        S.DamageClaim = claim;
        if (S.Status == ContractStatus.Active)
        {
            RecordExit(claim.ExitDate);
        }

        await WriteAsync();
        return new DamageResult(outcome.Covered, payoutId, null, [], outcome.WearDeducted);
    }

    public async Task<CommandResult> MarkPayoutPaid(string payoutId, DateOnly paidOn, string bankReference)
    {
        var index = S.IndexOf(Number, payoutId);
        if (index < 0)
        {
            return CommandResult.Refused("not_found", "payoutId", $"No payout {payoutId}.");
        }

        var payout = S.StoredPayouts[index];
        if (payout.Status == PayoutStatus.Cancelled)
        {
            return CommandResult.Refused("payout_cancelled", null,
                $"Payout {payoutId} was cancelled before its transfer: the landlord owed its month back whole.", conflict: true);
        }

        if (payout.Status == PayoutStatus.Paid)
        {
            return payout.BankReference == bankReference
                ? CommandResult.Ok
                : CommandResult.Refused("payout_already_paid", null, $"Payout {payoutId} was already paid ({payout.BankReference}).", conflict: true);
        }

        if (paidOn < payout.CreatedOn)
        {
            return CommandResult.Refused(RuleCodes.DateOutOfRange, "paidOn", $"A payout is paid on or after the day it was created ({payout.CreatedOn:yyyy-MM-dd}).");
        }

        S.MarkPaid(index, paidOn, bankReference);
        _unstoredPayouts.Add(index);
        await WriteAsync();
        EngineMetrics.PayoutPaid();
        return CommandResult.Ok;
    }

    /// <summary>
    /// A payout is created on the day of the command that decided it: the day stated by a back office recording
    /// history (declaredOn, filedOn), so that its transfer can be recorded on the day it really went out.
    /// </summary>
    private string AddPayout(PayoutKind kind, string? month, decimal amount, DateOnly decidedOn)
    {
        var payout = S.AddPayout(Number, kind, month, Money.Round(amount), decidedOn, clock.Now);
        _unstoredPayouts.Add(S.StoredPayouts.Count - 1);
        if (!S.CaseOpen)
        {
            S.Outbox.Add(payout.PayoutId);
        }

        _unstoredNew.Add((kind, payout.Amount));
        return payout.PayoutId;
    }

    /// <summary>
    /// Writes the facts with the claim events and payouts they add or change (appended as one row of
    /// <c>contract_changes</c>) and their read-model rows, in one statement: the lists show exactly what is stored. New payouts
    /// counted in the recovery case's row, then hands new payouts to the recovery case unless it is known to be open
    /// (see <see cref="ContractState.CaseOpen"/>), and tells it of a changed refund owed. A command's
    /// <paramref name="origin"/> is audited in the same statement, as refused with the given code when
    /// <paramref name="refusedWith"/> is set.
    /// </summary>
    private async Task WriteAsync(CommandOrigin? origin = null, string? refusedWith = null)
    {
        List<PayoutView> outboxed = [];
        var cancelled = CancelPayoutsTakenBack();
        await state.WriteOrDeactivateAsync(this, () =>
        {
            S.Version++;
            var paidOut = _unstoredNew.Sum(p => p.Amount) - cancelled;
            var debt = paidOut != 0 ? new CaseDebt(RecoveryCaseIds.For(Number), S.TenantSubject, Today(), paidOut) : null;
            // Undelivered payouts go again too: the read model's upserts are guarded by the state version.
            var projected = ViewsAt([.. _unstoredPayouts, .. OutboxIndices()]);
            outboxed = projected.Where(p => S.Outbox.Contains(p.PayoutId)).ToList();
            var change = S.UnstoredChange();
            if (change is not null)
            {
                S.ChangeCount++;
            }

            S.PendingProjection = ReadModelWriter.Contract(ContractClaim.Row(Number, S, _claim), S.Version, created: state.Etag is null,
                projected, change is null ? null : changeLog.Serialize(change), debt, origin, refusedWith);
        });
        S.ChangeStored();
        _unstoredPayouts.Clear();
        foreach (var (kind, amount) in _unstoredNew)
        {
            EngineMetrics.PayoutCreated(kind == PayoutKind.Damage ? "damage" : "unpaid_rent", amount);
        }

        _unstoredNew.Clear();
        HandOver(outboxed);
        if (_claim.RefundOwed != _storedRefundOwed || cancelled > 0)
        {
            _storedRefundOwed = _claim.RefundOwed;
            TellCaseOfRefunds();
        }
    }

    /// <summary>
    /// Cancels the pending payouts of months the landlord now owes back whole (the domain's
    /// <see cref="PendingPayoutSetOff"/>), as one claim event, so that the staff's transfer list does not offer them.
    /// Returns the sum cancelled.
    /// </summary>
    private decimal CancelPayoutsTakenBack()
    {
        // Nothing owed back, nothing to set off: every declaration of a claim that was never corrected down, so spare
        // them the list of payouts the rule would be given.
        if (_claim.RefundOwed <= 0)
        {
            return 0;
        }

        var cancel = PendingPayoutSetOff.ToCancel(_claim, [.. S.StoredPayouts.Select(p =>
            new PendingPayoutSetOff.Payout(p.Month is null ? null : YearMonth.Parse(p.Month), p.Amount, p.Status == PayoutStatus.Pending))]);
        if (cancel.Count == 0)
        {
            return 0;
        }

        _claim = ContractClaim.SetOff(S, _claim, cancel);
        foreach (var i in cancel)
        {
            S.MarkCancelled(i, clock.Now);
            _unstoredPayouts.Add(i);
        }

        S.AddEvent(new ClaimEvent(null, null, null, CancelledPayouts: [.. cancel]));
        return cancel.Sum(i => S.StoredPayouts[i].Amount);
    }

    /// <summary>Payouts written here and maybe not yet known to the recovery case.</summary>
    private List<PayoutView> Outboxed() => ViewsAt(OutboxIndices());

    private IEnumerable<int> OutboxIndices() => S.Outbox.Select(id => S.IndexOf(Number, id)).Where(i => i >= 0);

    /// <summary>The views of the payouts at these places, in the contract's order, each once.</summary>
    private List<PayoutView> ViewsAt(IEnumerable<int> indices) => [.. indices.Distinct().Order().Select(i => S.PayoutAt(Number, i))];

    /// <summary>
    /// Hands payouts to the recovery case without holding up the answer: the first opens the case, one after it closed
    /// reopens it. A payout leaves the outbox once the case has it; until then it is sent again by a timer, the next
    /// write or the next activation (the case counts a payout once, by its id). Once a handover has reached it, the case
    /// is open and reads later payouts itself.
    /// </summary>
    private void HandOver(List<PayoutView> payouts)
    {
        if (payouts.Count > 0 && S.Activation is not null)
        {
            _ = HandOverAsync(payouts);
        }
    }

    /// <summary>
    /// Tells the recovery case, once stored, that the landlord owes back another sum, without holding up the answer. Lost,
    /// it costs nothing lasting: the case reads the figure again on its next call.
    /// </summary>
    private void TellCaseOfRefunds()
    {
        if (S.StoredPayouts.Count > 0)
        {
            _ = TellCaseOfRefundsAsync();
        }
    }

    private async Task TellCaseOfRefundsAsync()
    {
        try
        {
            await GrainFactory.GetGrain<IRecoveryCaseGrain>(RecoveryCaseIds.For(Number)).RefundOwedChanged();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Recovery case of contract {Contract} not told of a refund owed; it reads it on its next call", Number);
        }
    }

    /// <summary>Runs on this grain's scheduler, between its turns, so the outbox is never touched concurrently.</summary>
    private async Task HandOverAsync(List<PayoutView> payouts)
    {
        var closings = _caseClosings;
        try
        {
            await GrainFactory.GetGrain<IRecoveryCaseGrain>(RecoveryCaseIds.For(Number))
                .RecordPayouts(new CaseParties(Number, S.Activation!.LandlordId, S.TenantSubject), payouts);
            // Changed in memory; persisted with the next write (until then, a new activation hands them over again).
            S.Outbox.RemoveAll(id => payouts.Any(p => p.PayoutId == id));
            S.CaseOpen |= closings == _caseClosings;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Payouts of contract {Contract} not yet handed over; retrying in {Delay}", Number, RedeliveryDelay);
            _redelivery ??= this.RegisterGrainTimer(RedeliverAsync, new GrainTimerCreationOptions(RedeliveryDelay, Timeout.InfiniteTimeSpan));
        }
    }

    private Task RedeliverAsync(CancellationToken cancellationToken)
    {
        _redelivery?.Dispose();
        _redelivery = null;
        HandOver(Outboxed());
        return Task.CompletedTask;
    }

    /// <summary>The rows of <c>contract_changes</c> this contract's stored state counts, in order.</summary>
    private async Task<List<ContractChange>> StoredChangesAsync() =>
        S.ChangeCount == 0 ? [] : await changeLog.ReadAsync(Number, S.Version, S.ChangeCount);

    private ContractView View() => ContractClaim.View(Number, S, _claim);

    /// <summary>
    /// Whether this contract exists. An empty activation does not stay in memory: bulk activation writes new
    /// contracts' rows directly, and the next call must read such a row rather than this empty state.
    /// </summary>
    private bool Exists()
    {
        if (S.Activation is null)
        {
            this.DeactivateOnIdle();
            return false;
        }

        return true;
    }

    private CommandResult? Refusal(bool mustBeActive) =>
        !Exists() ? CommandResult.Refused("not_found", null, $"No contract {Number}.")
        : mustBeActive && S.Status != ContractStatus.Active
            ? CommandResult.Refused(RuleCodes.ContractNotActive, null, $"Contract {Number} is {S.Status.ToString().ToUpperInvariant()}.", conflict: true)
            : null;

    private DeclarationResult Declined(string code, string message) =>
        Answer([], _claim, S.StoredPayouts.Count, created: 0, [new Violation(code, null, message)], DeclarationRecord.None);

    private int InstalmentsLeft(RentClaim claim) => Math.Max(0, (S.Cover?.MaxInstalments ?? 0) - claim.InstalmentsUsed);

    private decimal DebtOf(int payoutCount, RentClaim claim) =>
        Money.Round(S.StoredPayouts.Take(payoutCount).Sum(p => p.Amount) - claim.RefundOwed - claim.SetOff);

    private DateOnly Today() => clock.Today;
}
