namespace ActionLogement.Grains.Abstractions;

/// <summary>
/// The guarantor's claim against one contract's tenant, keyed <c>R</c> + the contract's 11 digits. Opened by the
/// contract's first payout; worked by recovery staff; paid by the tenant.
/// </summary>
[Alias("al.IRecoveryCaseGrain")]
public interface IRecoveryCaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Tells the case of payouts its contract has stored (and counted in the case's row); one it knows is ignored. The
    /// first opens the case, a new one reopens it once closed. Returns the debt. An open case is not told of each
    /// payout: it reads its contract's payouts whenever it shows or uses the debt.
    /// </summary>
    [Alias("RecordPayouts")]
    Task<decimal> RecordPayouts(CaseParties parties, IReadOnlyList<PayoutView> payouts);

    /// <summary>
    /// The contract's landlord owes back another sum (the tenant paid it after a payout): the case reads it and stores
    /// the debt it leaves, so the work queue shows it.
    /// </summary>
    [Alias("RefundOwedChanged")]
    Task RefundOwedChanged();

    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<RecoveryCaseView?> Get();

    /// <summary>
    /// A contact with the tenant. Like the plan, the escalation and the write-off, recorded once per idempotency
    /// <paramref name="key"/> when one is given: the same key again answers the case as it stands.
    /// </summary>
    [Alias("AddContact")]
    Task<RecoveryOutcome> AddContact(ContactEntry contact, string by, IdempotencyDigest? key = null);

    /// <summary>Proposes or replaces the repayment plan; what was paid stays paid.</summary>
    [Alias("SetPlan")]
    Task<RecoveryOutcome> SetPlan(PlanProposal plan, string by, IdempotencyDigest? key = null);

    /// <summary>Records a tenant payment once per idempotency key.</summary>
    [Alias("Pay")]
    Task<RecoveryOutcome> Pay(PaymentEntry payment, string by);

    /// <summary>
    /// Records, once per idempotency key, that the guarantor paid the tenant back part or all of what it overpaid
    /// (<see cref="RecoveryCaseView.OverpaidByTenant"/>); a closed case takes it too.
    /// </summary>
    [Alias("RefundTenant")]
    Task<RecoveryOutcome> RefundTenant(PaymentEntry refund, string by);

    [Alias("Escalate")]
    Task<RecoveryOutcome> Escalate(Escalation escalation, string by, IdempotencyDigest? key = null);

    [Alias("WriteOff")]
    Task<RecoveryOutcome> WriteOff(WriteOffDecision decision, string by, IdempotencyDigest? key = null);

    /// <summary>Looks for missed instalments now (the reminder does this on its own schedule).</summary>
    [Alias("CheckInstalments")]
    Task<RecoveryCaseView?> CheckInstalments();
}

public static class RecoveryCaseIds
{
    public static string For(string contractNumber) => "R" + contractNumber[1..];

    public static bool IsValid(string caseId) => caseId.Length == 12 && caseId[0] == 'R' && caseId[1..].All(char.IsAsciiDigit);
}

/// <summary>Who the case is about: the contract, its landlord, the tenant's API subject (who may read it).</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.CaseParties")]
public sealed record CaseParties(
    [property: Id(0)] string ContractNumber,
    [property: Id(1)] string LandlordId,
    [property: Id(2)] string? TenantSubject);
