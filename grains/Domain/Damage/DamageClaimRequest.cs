namespace ActionLogement.Domain;

/// <summary><see cref="WearRate"/>, when given, is the claimant's total wear fraction (0..1) replacing the computed one.</summary>
public sealed record DamageClaimRequest(
    DateOnly ExitDate,
    DateOnly InventoryInDate,
    DateOnly InventoryOutDate,
    decimal RepairCost,
    decimal DepositKept,
    decimal? WearRate,
    DateOnly FiledOn);

public sealed record DamageOutcome(decimal Covered, IReadOnlyList<RuleViolation> Violations);
