namespace ActionLogement.Grains.Abstractions;

/// <summary>A refused rule as it crosses the wire (Domain's RuleViolation is not an Orleans type).</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.Violation")]
public sealed record Violation(
    [property: Id(0)] string Code,
    [property: Id(1)] string? Field,
    [property: Id(2)] string Message)
{
    public static Violation From(RuleViolation v) => new(v.Code, v.Field, v.Message);
}
