namespace ActionLogement.Domain;

/// <summary>The two versions of domain-rules.md §2: the 2023 rules and the rule change of 6 January 2026.</summary>
public static class PolicyDefaults
{
    public static Policy V2023() => new()
    {
        Version = "v2023",
        EffectiveFrom = new DateOnly(2023, 1, 1),
        ExclusionCeilings = new() { [Zone.Idf] = 1500m, [Zone.Tense] = 1300m, [Zone.Other] = 1300m },
        StudentCeilings = new() { [Zone.Idf] = 800m, [Zone.Tense] = 600m, [Zone.Other] = 600m },
        EmployeeSalaryCeiling = 1500m,
        CoverPeriodMonths = null,
    };

    public static Policy V2026() => new()
    {
        Version = "v2026",
        EffectiveFrom = new DateOnly(2026, 1, 6),
        ExclusionCeilings = new() { [Zone.Idf] = 1940m, [Zone.Tense] = 1575m, [Zone.Other] = 1365m },
        StudentCeilings = new() { [Zone.Idf] = 1000m, [Zone.Tense] = 840m, [Zone.Other] = 680m },
        EmployeeSalaryCeiling = 1710m,
        CoverPeriodMonths = 36,
    };
}
