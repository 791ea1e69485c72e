namespace ActionLogement.Domain;

public sealed record PlanRequest(decimal MonthlyAmount, DateOnly FirstDueDate, int Instalments, decimal TenantMonthlyResources);

public sealed record PlanInstalment(int Number, DateOnly DueDate, decimal Amount);
