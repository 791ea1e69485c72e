using Microsoft.Extensions.Configuration;

namespace ActionLogement.Grains;

/// <summary>
/// Policy versions come from the code defaults (domain-rules.md) plus the <c>Policies</c> configuration section, so an
/// operator can add a version, or correct a parameter of one, without a code change. Each configured entry starts
/// from the default version of the same name, or else from the newest default, and overrides only what it states.
/// </summary>
public static class PolicyConfiguration
{
    public static PolicyCatalog Load(IConfiguration configuration)
    {
        var sections = configuration.GetSection("Policies").GetChildren().ToList();
        if (sections.Count == 0)
        {
            return PolicyCatalog.Default;
        }

        var policies = PolicyCatalog.Default.Versions.ToDictionary(p => p.Version, p => Copy(p.Version));
        foreach (var section in sections)
        {
            var version = section["Version"] ?? throw new InvalidOperationException($"Policies:{section.Key} has no Version.");
            var policy = policies.TryGetValue(version, out var existing) ? existing : Copy(PolicyCatalog.Default.Versions[^1].Version);
            section.Bind(policy);
            policies[version] = policy;
        }

        return PolicyCatalog.From(policies.Values);
    }

    // A fresh, mutable instance of a built-in version (the catalog's own must not be bound over).
    private static Policy Copy(string version) => version == PolicyDefaults.V2023().Version ? PolicyDefaults.V2023() : PolicyDefaults.V2026();
}
