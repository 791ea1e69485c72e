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

/// <summary>What is covered, and what was deducted from the repair cost for wear (0 when refused).</summary>
public sealed record DamageOutcome(decimal Covered, IReadOnlyList<RuleViolation> Violations, decimal WearDeducted = 0);
