namespace ActionLogement.Domain;

/// <summary>One refused rule: a stable machine code, the input field it concerns (if any) and a readable message.</summary>
public sealed record RuleViolation(string Code, string? Field, string Message);
