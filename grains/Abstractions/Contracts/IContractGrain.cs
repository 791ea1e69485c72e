namespace ActionLogement.Grains.Abstractions;

/// <summary>One cautionnement contract, keyed by its number (<c>A</c> + 11 digits): lease, cover, claims, payouts.</summary>
[Alias("al.IContractGrain")]
public interface IContractGrain : IGrainWithStringKey
{
    /// <summary>Reserves the visa and activates; a replay of the same activation returns the contract.</summary>
    [Alias("Activate")]
    Task<ActivationOutcome> Activate(ActivateContract command);

    /// <summary>Read-only, so it may interleave: a visa grain asks it while this contract awaits that visa.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<ContractView?> Get();

    /// <summary>Who the contract belongs to, for access checks without fetching the whole contract.</summary>
    [Alias("GetParties"), Orleans.Concurrency.AlwaysInterleave]
    Task<ContractParties?> GetParties();

    /// <summary>
    /// What the landlord owes back (tenant repayments, downward corrections), as stored: the tenant owes the guarantor
    /// that much less, for the recovery case.
    /// </summary>
    [Alias("GetRefundOwed")]
    Task<decimal> GetRefundOwed();

    /// <summary>
    /// What the first <paramref name="payoutCount"/> payouts stand for now: for a recovery case written off when it
    /// counted that many, the debt its write-off erased is what they paid out less what the landlord owes back on their
    /// months (and what the tenant had repaid by then).
    /// </summary>
    [Alias("GetPayoutsOn")]
    Task<PayoutsBasis> GetPayoutsOn(int payoutCount);

    /// <summary>
    /// The payouts as stored, for the recovery case that counts them. Not interleaved: it is answered between commands,
    /// so never with a payout whose write is still under way.
    /// </summary>
    [Alias("GetPayouts")]
    Task<IReadOnlyList<PayoutView>> GetPayouts();

    /// <summary>
    /// The recovery case is about to close: from now on every new payout is handed to it again, so the first one
    /// reopens it. Returns the payouts stored so far, so the case never closes on a debt it has not seen.
    /// </summary>
    [Alias("RecoveryCaseClosing")]
    Task<IReadOnlyList<PayoutView>> RecoveryCaseClosing();

    [Alias("Exit")]
    Task<CommandResult> Exit(DateOnly exitDate);

    /// <summary>The tenant never moved in: no cover, and the visa is free again.</summary>
    [Alias("Cancel")]
    Task<CommandResult> Cancel(string reason);

    /// <summary>
    /// Applies a declaration; the same declaration twice pays once, a correction pays the difference. With an
    /// <paramref name="origin"/>, its audit row is written with the state, and its idempotency key is kept with it.
    /// </summary>
    [Alias("DeclareUnpaidRent")]
    Task<DeclarationResult> DeclareUnpaidRent(DeclareUnpaidRent declaration, CommandOrigin? origin);

    /// <summary>
    /// This contract, if it was activated by the request <paramref name="key"/> names (same key, same body): a retry
    /// that lost the first answer, which then finds the visa or the partner reference taken by it. Not interleaved: an
    /// activation under way here is waited for rather than seen half-done.
    /// </summary>
    [Alias("ActivatedUnder")]
    Task<ContractView?> ActivatedUnder(IdempotencyDigest key);

    /// <summary>
    /// Records what the tenant paid the landlord back after a payout. With the request's idempotency
    /// <paramref name="key"/>, kept with it: the same key again (an answer lost with its silo) records nothing more.
    /// </summary>
    [Alias("RecordTenantRepayment")]
    Task<CommandResult> RecordTenantRepayment(TenantRepayment repayment, IdempotencyDigest? key = null);

    [Alias("FileDamageClaim")]
    Task<DamageResult> FileDamageClaim(FileDamageClaim claim);

    [Alias("MarkPayoutPaid")]
    Task<CommandResult> MarkPayoutPaid(string payoutId, DateOnly paidOn, string bankReference);
}

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.ContractParties")]
public sealed record ContractParties(
    [property: Id(0)] string LandlordId,
    [property: Id(1)] string? AgentId);

/// <summary>What some of a contract's payouts paid out (those cancelled before their transfer left out) and what the landlord owes back on their months.</summary>
[GenerateSerializer, Immutable, Alias("al.PayoutsBasis")]
public sealed record PayoutsBasis([property: Id(0)] decimal PaidOut, [property: Id(1)] decimal RefundOwed);
