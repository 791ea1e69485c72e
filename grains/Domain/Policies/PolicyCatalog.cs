namespace ActionLogement.Domain;

/// <summary>All policy versions, by effective date. A contract keeps the version in force on its signature date.</summary>
public sealed class PolicyCatalog
{
    private readonly ImmutableArray<Policy> _versions;

    private PolicyCatalog(ImmutableArray<Policy> versions) => _versions = versions;

    public static PolicyCatalog Default { get; } = From([PolicyDefaults.V2023(), PolicyDefaults.V2026()]);

    public IReadOnlyList<Policy> Versions => _versions;

    /// <summary>Validates and freezes the versions (they are copied, so a later change to the inputs has no effect).</summary>
    public static PolicyCatalog From(IEnumerable<Policy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var versions = policies.Select(p => p.Clone()).OrderBy(p => p.EffectiveFrom).ToImmutableArray();
        if (versions.IsEmpty)
        {
            throw new ArgumentException("A policy catalog needs at least one version.", nameof(policies));
        }

        foreach (var p in versions)
        {
            if (string.IsNullOrWhiteSpace(p.Version))
            {
                throw new ArgumentException("Every policy version needs a name.", nameof(policies));
            }

            var missing = Enum.GetValues<Zone>().Where(z => !p.ExclusionCeilings.ContainsKey(z) || !p.StudentCeilings.ContainsKey(z)).ToList();
            if (missing.Count > 0)
            {
                throw new ArgumentException($"Policy {p.Version} has no ceiling for {string.Join(", ", missing)}.", nameof(policies));
            }
        }

        if (versions.Select(p => p.Version).Distinct(StringComparer.Ordinal).Count() != versions.Length)
        {
            throw new ArgumentException("Policy versions must have distinct names.", nameof(policies));
        }

        if (versions.Select(p => p.EffectiveFrom).Distinct().Count() != versions.Length)
        {
            throw new ArgumentException("Two policy versions cannot start on the same date.", nameof(policies));
        }

        return new PolicyCatalog(versions);
    }

    /// <summary>
    /// The version in force on <paramref name="date"/>. A date before the first version gets the first one: history
    /// before the catalog starts is judged by the oldest rules we know rather than refused.
    /// </summary>
    public Policy ForDate(DateOnly date)
    {
        var found = _versions[0];
        foreach (var p in _versions)
        {
            if (p.EffectiveFrom <= date)
            {
                found = p;
            }
        }

        return found;
    }

    public Policy Get(string version) =>
        TryGet(version, out var policy) ? policy : throw new KeyNotFoundException($"Unknown policy version '{version}'.");

    public bool TryGet(string version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Policy? policy)
    {
        policy = _versions.FirstOrDefault(p => p.Version == version);
        return policy is not null;
    }
}
