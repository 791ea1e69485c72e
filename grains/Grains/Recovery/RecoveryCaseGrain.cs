using ActionLogement.Grains.ReadModels;
using Microsoft.Extensions.Options;

namespace ActionLogement.Grains.Recovery;

/// <summary>
/// One tenant debt. Staff work it (contacts, plans, escalations, write-off); tenants pay it; a durable reminder checks
/// the plan's due dates against the payments: it marks an amicable plan defaulted after too many misses, and puts a
/// case whose court or commission plan misses an instalment before staff.
/// </summary>
/// <remarks>Kept two minutes after its last call, as contracts are (see <see cref="Contracts.ContractGrain"/>).</remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed class RecoveryCaseGrain(
    [PersistentState("recovery", StorageNames.Default)] IPersistentState<RecoveryCaseState> state,
    PolicyCatalog policies,
    BusinessClock clock,
    IOptions<RecoveryOptions> options) : Grain, IRecoveryCaseGrain, IRemindable
{
    private const string InstalmentCheck = "instalment-check";
    private const string PayoutEntry = "payout";
    private const string CancelledPayoutEntry = "payout-cancelled";
    private const string OpenedEntry = "opened";

    private RecoveryCaseState S => state.State;

    private Policy Policy => policies.ForDate(Today);

    private DateOnly Today => clock.Today;

    /// <remarks>
    /// The contract's write that created these payouts already counted them in the case's row; the case writes its
    /// state only when they open it, or reopen it once closed.
    /// </remarks>
    public async Task<decimal> RecordPayouts(CaseParties parties, IReadOnlyList<PayoutView> payouts)
    {
        await RefreshPayoutsAsync();
        Count(payouts);
        var changed = false;
        if (S.Parties is null)
        {
            S.Parties = parties;
            S.NextActionOn = Today;
            Log("system", OpenedEntry, $"Case opened for contract {parties.ContractNumber}.");
            changed = true;

            // Known only now: a refund owed told of before the case opened (an exit right after the first payouts) found
            // no case to store it.
            S.RefundOwedByLandlord = await GrainFactory.GetGrain<IContractGrain>(parties.ContractNumber).GetRefundOwed();
        }

        changed |= await EraseWrittenOffDebtAsync();
        if (S.IsClosed && S.Debt > 0)
        {
            // New money paid out on a closed case reopens it: the tenant owes again.
            Reopen("New payout after closing: back to amicable recovery.");
            changed = true;
        }

        if (changed)
        {
            await SaveAsync();
        }

        return S.Debt;
    }

    private void Count(IEnumerable<PayoutView> payouts)
    {
        foreach (var payout in payouts)
        {
            S.Payouts[payout.PayoutId] = payout;
        }
    }

    /// <summary>
    /// The contract's payouts as stored now. An open case is not told of each new payout (the contract's write counts it
    /// in the case's row), so every call reads them first (a newly activated case holds none); a case not yet opened
    /// learns of them when the contract hands them over.
    /// </summary>
    private async Task RefreshPayoutsAsync()
    {
        if (S.Parties is { } parties)
        {
            var contract = GrainFactory.GetGrain<IContractGrain>(parties.ContractNumber);
            Count(await contract.GetPayouts());
            S.RefundOwedByLandlord = await contract.GetRefundOwed();
        }
    }

    public async Task RefundOwedChanged()
    {
        // Stored whatever this activation last read: a call that only reads (a handover, a Get) may have seen the new
        // figure already without writing it.
        await RefreshPayoutsAsync();
        if (S.Parties is not null)
        {
            Log("system", "refund-owed",
                $"The landlord owes back {S.RefundOwedByLandlord:0.00} in all; {S.PaidOut:0.00} paid out, payouts cancelled before their transfer left out.");
            await EraseWrittenOffDebtAsync();
            if (!S.IsClosed)
            {
                await CloseIfNothingLeftAsync("Nothing left to recover: the landlord owes back the rest.");
            }
            else if (S.State == RecoveryState.ClosedPaid && S.Debt > 0)
            {
                // A correction gave back part of what the landlord owed back: the tenant owes it again.
                Reopen("A correction cancelled part of the refund owed by the landlord: back to amicable recovery.");
            }

            await SaveAsync();
        }
    }

    /// <summary>
    /// The write-off erased the tenant's debt on what had been paid out by then, and stays that debt as it now stands: a
    /// later correction that cancels part of a refund owed back on those months is erased with it, before or after new
    /// payouts (a new debt, which reopens the case); a refund owed back on them later, or a payout of them cancelled
    /// before its transfer, makes that debt, and so the write-off, smaller, and is not taken off a new payout's debt as
    /// well. Refunds on the new payouts' months stay the new debt's. Returns whether what is written off changed.
    /// </summary>
    private async Task<bool> EraseWrittenOffDebtAsync()
    {
        if (S.PayoutCountAtWriteOff == 0)
        {
            return false;
        }

        var onThem = await GrainFactory.GetGrain<IContractGrain>(S.Parties!.ContractNumber).GetPayoutsOn(S.PayoutCountAtWriteOff);
        var unerased = onThem.PaidOut - onThem.RefundOwed - S.RecoveredAtWriteOff - S.WrittenOff;
        if (unerased > 0 && Math.Min(S.Debt, unerased) is > 0 and var erased)
        {
            S.WrittenOff += erased;
            Log("system", "write-off", $"{erased:0.00} more written off: a correction after the write-off cancelled part of the refund owed by the landlord.");
            return true;
        }

        if (unerased < 0 && Math.Min(S.WrittenOff, -unerased) is > 0 and var restored)
        {
            S.WrittenOff -= restored;
            Log("system", "write-off", $"{restored:0.00} less written off: the landlord owes back, or was never paid, that much of the months written off.");
            return true;
        }

        return false;
    }

    /// <summary>Closes the case as paid when nothing is left to recover (not yet stored: the caller saves).</summary>
    private async Task CloseIfNothingLeftAsync(string why)
    {
        if (S.Debt > 0)
        {
            return;
        }

        // About to close: payouts stored since this call's refresh may still keep the case open.
        await CountBeforeClosingAsync();
        if (S.Debt == 0)
        {
            S.State = RecoveryState.ClosedPaid;
            // Set with the state, so that no read sees the case closed with its open case's next action.
            S.NextActionOn = NextActionWhenClosed(due: null);
            Log("system", "closed", why);
            await this.StopInstalmentChecksAsync();
        }
    }

    /// <summary>
    /// Before closing: the contract hands every later payout over again (the first reopens the case), and the payouts
    /// it has stored by then are counted, so the case never closes on a debt it has not seen.
    /// </summary>
    private async Task CountBeforeClosingAsync() =>
        Count(await GrainFactory.GetGrain<IContractGrain>(S.Parties!.ContractNumber).RecoveryCaseClosing());

    public async Task<RecoveryCaseView?> Get()
    {
        await RefreshPayoutsAsync();
        return View();
    }

    public async Task<RecoveryOutcome> AddContact(ContactEntry contact, string by, IdempotencyDigest? key = null)
    {
        if (await StaffStepAnsweredAsync(key) is { } answered)
        {
            return answered;
        }

        if (contact.NextActionOn is { } next && RequestDates.CheckPlanned(next, Today, "nextActionOn") is { } badDate)
        {
            return Refused([badDate]);
        }

        S.NextActionOn = contact.NextActionOn ?? S.NextActionOn;
        Log(by, "contact", $"Contact by {ApiSpelling<ContactChannel>.Of(contact.Channel).ToLowerInvariant()}.", contact.Note);
        Remember(key);
        await SaveAsync();
        return Done();
    }

    public async Task<RecoveryOutcome> SetPlan(PlanProposal plan, string by, IdempotencyDigest? key = null)
    {
        if (await StaffStepAnsweredAsync(key) is { } answered)
        {
            return answered;
        }

        var request = new PlanRequest(plan.MonthlyAmount, plan.FirstDueDate, plan.Instalments, plan.TenantMonthlyResources);
        var file = S.State == RecoveryState.OverIndebtedness ? new OverIndebtednessStage(S.Escalation is { Measure: null }, S.SuspendedUntil) : null;
        var violations = RepaymentPlans.Validate(S.Debt, request, S.State, Policy, Today, S.Escalation?.CourtDelayMonths, file);
        if (violations.Count > 0)
        {
            return Refused(violations);
        }

        // Court and over-indebtedness plans live inside their procedure; an amicable plan makes the case PLAN_ACTIVE.
        if (S.State is RecoveryState.Amicable or RecoveryState.PlanDefaulted)
        {
            if (RecoveryTransitions.Check(S.State, RecoveryState.PlanActive) is { } refusal)
            {
                return Refused([refusal], conflict: true);
            }

            S.State = RecoveryState.PlanActive;
        }

        var replaced = S.Plan is not null;
        S.Plan = plan;
        S.PlanDebt = S.Debt;
        S.RecoveredAtPlanStart = S.Recovered;
        S.PlanSetOn = Today;
        S.MissedReported = 0;
        S.NextActionOn = plan.FirstDueDate;
        Log(by, replaced ? "plan-replaced" : "plan", $"{plan.Instalments} x {plan.MonthlyAmount:0.00} from {plan.FirstDueDate:yyyy-MM-dd}.");
        await this.RegisterOrUpdateReminder(InstalmentCheck, options.Value.InstalmentCheckPeriod, options.Value.InstalmentCheckPeriod);
        Remember(key);
        await SaveAsync();
        return Done();
    }

    public async Task<RecoveryOutcome> Pay(PaymentEntry payment, string by)
    {
        await RefreshPayoutsAsync();

        // A key is the caller's own, as the API scopes it: the tenant's key sent again by staff is another payment.
        var key = $"{by}|{payment.IdempotencyKey}";
        if (S.Payments.TryGetValue(key, out var earlier))
        {
            return earlier.Amount == payment.Amount && earlier.PaidOn == payment.PaidOn
                ? Done()
                : KeyReused();
        }

        if (Closed() is { } closed)
        {
            return closed;
        }

        var violations = PaymentRules.Check(S.Debt, payment.Amount, payment.PaidOn, S.OwedSince);
        if (violations.Count > 0)
        {
            return Refused(violations);
        }

        S.Payments[key] = new PaymentView(payment.Reference, payment.Amount, payment.PaidOn, by);
        Log(by, "payment", $"Payment of {payment.Amount:0.00} on {payment.PaidOn:yyyy-MM-dd}.");
        // Under a plan, the next thing to look at is the first instalment not yet paid, not the one just paid.
        if (S.Plan is not null && RepaymentPlans.NextDue(Schedule(), S.Recovered - S.RecoveredAtPlanStart) is { } nextDue)
        {
            S.NextActionOn = nextDue;
        }

        await CloseIfNothingLeftAsync("Debt fully repaid.");
        await SaveAsync();
        return Done();
    }

    public async Task<RecoveryOutcome> RefundTenant(PaymentEntry refund, string by)
    {
        await RefreshPayoutsAsync();
        var key = $"{by}|{refund.IdempotencyKey}";
        if (S.TenantRefunds.TryGetValue(key, out var earlier))
        {
            return earlier.Amount == refund.Amount && earlier.PaidOn == refund.PaidOn && earlier.Reference == refund.Reference
                ? Done()
                : KeyReused();
        }

        // A closed case takes it: paying the tenant back is what remains to do once the debt is settled.
        if (S.Parties is null)
        {
            return Closed()!;
        }

        var violations = TenantRefundRules.Check(S.OverpaidByTenant, refund.Amount);
        if (violations.Count > 0)
        {
            return Refused(violations);
        }

        S.TenantRefunds[key] = new PaymentView(refund.Reference, refund.Amount, refund.PaidOn, by);
        Log(by, "tenant-refund", $"{refund.Amount:0.00} paid back to the tenant on {refund.PaidOn:yyyy-MM-dd}.");
        await SaveAsync();
        return Done();
    }

    public async Task<RecoveryOutcome> Escalate(Escalation escalation, string by, IdempotencyDigest? key = null)
    {
        if (await StaffStepAnsweredAsync(key) is { } answered)
        {
            return answered;
        }

        var target = escalation.Kind == EscalationKind.Litigation ? RecoveryState.Litigation : RecoveryState.OverIndebtedness;
        var awaitingMeasure = S.State == RecoveryState.OverIndebtedness && S.Escalation is { Measure: null };
        var violations = EscalationRules.Check(S.State, target, escalation, Policy, awaitingMeasure);
        if (violations.Count > 0)
        {
            return Refused(violations, conflict: violations.Any(v => v.Code == RuleCodes.TransitionNotAllowed));
        }

        // Remembered with the escalation's own write, or with the write-off's when the measure writes the debt off (a
        // refused write-off stores neither: the activation is then dropped).
        Remember(key);
        S.State = target;
        // The commission's decision on a file lodged earlier keeps that file's date when it does not restate it.
        S.Escalation = awaitingMeasure ? escalation with { FileDate = escalation.FileDate ?? S.Escalation!.FileDate } : escalation;
        S.SuspendedUntil = escalation.Measure == OverIndebtednessMeasure.Suspension && escalation.SuspensionMonths is { } months
            ? Today.AddMonths(months)
            : null;
        S.NextActionOn = S.SuspendedUntil ?? Today;
        Log(by, "escalation", $"{ApiSpelling<RecoveryState>.Of(target)}{(escalation.Measure is { } measure ? $" ({ApiSpelling<OverIndebtednessMeasure>.Of(measure)})" : "")}.", escalation.Reason);
        if (S.Plan is { } plan)
        {
            // The amicable plan ends with the procedure, which sets what the tenant repays from now on: kept, its due
            // dates would go on steering the next action and showing the tenant instalments it is no longer to pay.
            S.Plan = null;
            Log("system", "plan-ended", $"The plan of {plan.Instalments} x {plan.MonthlyAmount:0.00} ends with the escalation.");
            await this.StopInstalmentChecksAsync();
        }
        if (escalation.Measure == OverIndebtednessMeasure.WriteOff)
        {
            var writtenOff = await WriteOffReadAsync(new WriteOffDecision(S.Debt, "Rétablissement personnel: " + escalation.Reason), by);
            if (writtenOff.Case is null)
            {
                // Refused (a payout came in meanwhile, say): the escalation above was not stored either, so this
                // activation must not keep it; the next call reads the stored case again.
                this.DeactivateOnIdle();
            }

            return writtenOff;
        }

        await SaveAsync();
        return Done();
    }

    public async Task<RecoveryOutcome> WriteOff(WriteOffDecision decision, string by, IdempotencyDigest? key = null)
    {
        await RefreshPayoutsAsync();
        return Replayed(key) ?? await WriteOffReadAsync(decision, by, key);
    }

    /// <summary>The write-off, once this call has read the contract's payouts.</summary>
    private async Task<RecoveryOutcome> WriteOffReadAsync(WriteOffDecision decision, string by, IdempotencyDigest? key = null)
    {
        if (Closed() is { } closed)
        {
            return closed;
        }

        if (RecoveryTransitions.Check(S.State, RecoveryState.ClosedWrittenOff) is { } refusal)
        {
            return Refused([refusal], conflict: true);
        }

        if (decision.Amount == S.Debt)
        {
            // About to close: payouts stored since this call's refresh may raise the debt, and the check below refuse.
            await CountBeforeClosingAsync();
        }

        if (decision.Amount != S.Debt)
        {
            return Refused([new Violation("write_off_amount_mismatch", "amount",
                $"A write-off closes the case: it is the whole debt, {S.Debt:0.00}.")]);
        }

        S.WrittenOff += decision.Amount;
        (S.RecoveredAtWriteOff, S.PayoutCountAtWriteOff) = (S.Recovered, S.Payouts.Count);
        S.State = RecoveryState.ClosedWrittenOff;
        S.NextActionOn = null;
        Log(by, "write-off", $"{decision.Amount:0.00} written off.", decision.Reason);
        await this.StopInstalmentChecksAsync();
        Remember(key);
        await SaveAsync();
        return Done();
    }

    public async Task<RecoveryCaseView?> CheckInstalments()
    {
        await RefreshPayoutsAsync();
        if (!PlanWatched())
        {
            return View();
        }

        var missed = RepaymentPlans.CountMissed(Schedule(), S.Recovered - S.RecoveredAtPlanStart, Today, S.PlanSetOn);
        if (S.State == RecoveryState.PlanActive && missed >= Policy.MissedInstalmentsForDefault)
        {
            S.State = RecoveryState.PlanDefaulted;
            S.NextActionOn = Today;
            Log("system", "plan-defaulted", $"{missed} instalments missed.");
            await SaveAsync();
        }
        else if (S.State != RecoveryState.PlanActive && missed > S.MissedReported)
        {
            // A court's or the commission's plan has no default of its own to move to: staff decide what follows (an
            // enforcement, a new file), so each instalment missed brings the case back to them, once.
            S.MissedReported = missed;
            S.NextActionOn = Today;
            Log("system", "plan-missed", $"{missed} instalment(s) of the {(S.State == RecoveryState.Litigation ? "court's" : "commission's")} plan missed.");
            await SaveAsync();
        }

        return View();
    }

    /// <summary>An amicable plan in force, or the plan a court or the Banque de France commission set.</summary>
    private bool PlanWatched() =>
        S.Plan is not null && S.State is RecoveryState.PlanActive or RecoveryState.Litigation or RecoveryState.OverIndebtedness;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != InstalmentCheck)
        {
            return;
        }

        if (!PlanWatched())
        {
            await this.StopInstalmentChecksAsync();
            return;
        }

        await CheckInstalments();
    }

    private async Task StopInstalmentChecksAsync()
    {
        if (await this.GetReminder(InstalmentCheck) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private IReadOnlyList<PlanInstalment> Schedule() => S.Plan is { } p
        ? RepaymentPlans.Schedule(PlanTotal(), new PlanRequest(p.MonthlyAmount, p.FirstDueDate, p.Instalments, p.TenantMonthlyResources))
        : [];

    private decimal PlanTotal() => RepaymentPlans.Total(S.PlanDebt, S.Recovered - S.RecoveredAtPlanStart, S.Debt);

    /// <summary>
    /// Back to amicable recovery, without the plan or the escalation of before the closing: they were about the debt
    /// that closed; staff agree a new plan, or escalate again, for the new one.
    /// </summary>
    private void Reopen(string why)
    {
        S.State = RecoveryState.Amicable;
        S.NextActionOn = Today;
        S.Plan = null;
        S.Escalation = null;
        Log("system", "reopened", why);
    }

    private void Log(string by, string kind, string text, string? note = null) => S.Timeline.Add(new TimelineEntry(clock.Now, by, kind, text, note));

    private async Task SaveAsync()
    {
        if (S.IsClosed)
        {
            S.NextActionOn = NextActionWhenClosed(S.NextActionOn);
        }

        S.Version++;
        // The queue row is written with the state, in the same statement.
        await state.WriteOrDeactivateAsync(this, () => S.PendingProjection = ReadModelWriter.RecoveryCase(View()!, S.Version));
    }

    /// <summary>
    /// A closed case has nothing left to recover, but what the tenant overpaid is the guarantor's to pay back: such a
    /// case stays in the queue, due from the day it was found (<paramref name="due"/>, once set), until it is; otherwise it
    /// has no next action.
    /// </summary>
    private DateOnly? NextActionWhenClosed(DateOnly? due) => S.OverpaidByTenant > 0 ? due ?? Today : null;

    private RecoveryOutcome? Closed() =>
        S.Parties is null ? Refused([new Violation("not_found", null, $"No recovery case {this.GetPrimaryKeyString()}.")])
        : S.IsClosed ? Refused([new Violation(RuleCodes.TransitionNotAllowed, null, $"The case is {ApiSpelling<RecoveryState>.Of(S.State)}: nothing more can be done.")], conflict: true)
        : null;

    private RecoveryOutcome Done() => new(View(), []);

    /// <summary>
    /// What a staff step (contact, plan, escalation) answers before doing anything, once this call has read the
    /// contract's payouts: its replay, when its key is already recorded, or the refusal of a closed case.
    /// </summary>
    private async Task<RecoveryOutcome?> StaffStepAnsweredAsync(IdempotencyDigest? key)
    {
        await RefreshPayoutsAsync();
        return Replayed(key) ?? Closed();
    }

    /// <summary>A staff step already recorded under this key: the case as it stands (or a refusal, under another body).</summary>
    private RecoveryOutcome? Replayed(IdempotencyDigest? key) =>
        key is { } sent && S.StepKeys.TryGetValue(sent.Key, out var request) ? (request == sent.Request ? Done() : KeyReused()) : null;

    /// <summary>Keeps the step's key with the write that records it (see <see cref="RecoveryCaseState.StepKeys"/>).</summary>
    private void Remember(IdempotencyDigest? key)
    {
        if (key is { } sent)
        {
            S.StepKeys[sent.Key] = sent.Request;
        }
    }

    /// <summary>A key of the caller's sent again with another command: refused, as the API refuses one it keeps itself.</summary>
    private static RecoveryOutcome KeyReused() =>
        Refused([new Violation(RuleCodes.IdempotencyKeyReused, null, IdempotencyDigest.ReusedMessage)], conflict: true);

    private static RecoveryOutcome Refused(IEnumerable<RuleViolation> violations, bool conflict = false) =>
        new(null, violations.Select(Violation.From).ToList(), conflict);

    private static RecoveryOutcome Refused(IReadOnlyList<Violation> violations, bool conflict = false) => new(null, violations, conflict);

    private RecoveryCaseView? View()
    {
        if (S.Parties is not { } parties)
        {
            return null;
        }

        PlanView? plan = null;
        if (S.Plan is { } p)
        {
            var schedule = Schedule();
            var paid = S.Recovered - S.RecoveredAtPlanStart;
            // What the plan repays in all, as its schedule does: less than the debt it was set for once a payout was
            // cancelled or the landlord owes part of it back.
            plan = new PlanView(p, PlanTotal(), schedule.Select(i => new InstalmentView(i.Number, i.DueDate, i.Amount)).ToList(), paid,
                RepaymentPlans.CountMissed(schedule, paid, Today, S.PlanSetOn));
        }

        return new RecoveryCaseView(this.GetPrimaryKeyString(), parties.ContractNumber, parties.LandlordId, parties.TenantSubject,
            S.State, S.PaidOut, S.Recovered, S.WrittenOff, plan, S.Payments.Values.ToList(), Timeline(), S.NextActionOn, S.Escalation,
            S.RefundOwedByLandlord, S.TenantRefunds.Values.ToList());
    }

    /// <summary>
    /// What happened, oldest first: the case's own entries and the payouts', each payout at the moment it was recorded
    /// and, if it was cancelled before its transfer, at the moment it was. A payout recorded before those moments were
    /// kept has only its date: it stands at that day's start, but not before the case opened. Payout entries stored by
    /// earlier versions are left out, since each payout now speaks for itself.
    /// </summary>
    private List<TimelineEntry> Timeline()
    {
        var opened = S.Timeline.FirstOrDefault(e => e.Kind == OpenedEntry)?.At ?? DateTimeOffset.MinValue;
        var payouts = S.Payouts.Values.SelectMany(p =>
        {
            var recorded = p.RecordedAt ?? Max(new DateTimeOffset(p.CreatedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), opened);
            var added = new TimelineEntry(recorded, "system", PayoutEntry, $"Payout {p.PayoutId} of {p.Amount:0.00} added to the debt.");
            return p.Status == PayoutStatus.Cancelled
                ? [added, new TimelineEntry(p.CancelledAt ?? recorded, "system", CancelledPayoutEntry,
                    $"Payout {p.PayoutId} cancelled before its transfer: {p.Amount:0.00} taken off the debt.")]
                : new[] { added };
        });
        // A stable sort: at the same moment, the case's own entries (its opening) come first.
        return [.. S.Timeline.Where(e => e.Kind is not (PayoutEntry or CancelledPayoutEntry)).Concat(payouts).OrderBy(e => e.At)];

        static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    }
}
