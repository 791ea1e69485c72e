namespace ActionLogement.Domain;

/// <summary>What a claim is judged against: the contract's cover and lease facts, and the exit date if the tenant left.</summary>
public sealed record ContractTerms(Cover Cover, Park Park, DateOnly EffectiveOn, DateOnly? ExitDate, decimal MonthlyCharges, decimal Deposit);
