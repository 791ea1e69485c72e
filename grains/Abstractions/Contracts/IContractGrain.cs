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

    [Alias("Exit")]
    Task<CommandResult> Exit(DateOnly exitDate);

    /// <summary>The tenant never moved in: no cover, and the visa is free again.</summary>
    [Alias("Cancel")]
    Task<CommandResult> Cancel(string reason);

    /// <summary>Applies a declaration; the same declaration twice pays once, a correction pays the difference.</summary>
    [Alias("DeclareUnpaidRent")]
    Task<DeclarationResult> DeclareUnpaidRent(DeclareUnpaidRent declaration);

    [Alias("RecordTenantRepayment")]
    Task<CommandResult> RecordTenantRepayment(TenantRepayment repayment);

    [Alias("FileDamageClaim")]
    Task<DamageResult> FileDamageClaim(FileDamageClaim claim);

    [Alias("MarkPayoutPaid")]
    Task<CommandResult> MarkPayoutPaid(string payoutId, DateOnly paidOn, string bankReference);
}
