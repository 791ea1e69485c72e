using Microsoft.Extensions.Configuration;

namespace ActionLogement.Grains;

/// <summary>
/// Policy versions come from the code defaults (domain-rules.md) plus the <c>Policies</c> configuration section, so an
/// operator can add a version, or correct a parameter of one, without a code change. A configured version with the
/// name of a default one replaces it.
/// </summary>
public static class PolicyConfiguration
{
    public static PolicyCatalog Load(IConfiguration configuration)
    {
        var configured = configuration.GetSection("Policies").Get<List<Policy>>() ?? [];
        if (configured.Count == 0)
        {
            return PolicyCatalog.Default;
        }

        var merged = PolicyCatalog.Default.Versions
            .Where(d => configured.All(c => c.Version != d.Version))
            .Concat(configured);
        return PolicyCatalog.From(merged);
    }
}
