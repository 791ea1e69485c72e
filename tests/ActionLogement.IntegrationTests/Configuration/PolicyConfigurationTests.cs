using ActionLogement.Grains;
using Microsoft.Extensions.Configuration;

namespace ActionLogement.IntegrationTests.Configuration;

public sealed class PolicyConfigurationTests
{
    [Fact]
    public void Without_configuration_the_built_in_versions_apply()
    {
        var catalog = PolicyConfiguration.Load(new ConfigurationBuilder().Build());
        Assert.Equal(["v2023", "v2026"], catalog.Versions.Select(p => p.Version));
    }

    [Fact]
    public void An_operator_adds_a_version_stating_only_what_changes()
    {
        var catalog = PolicyConfiguration.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Policies:0:Version"] = "v2027",
            ["Policies:0:EffectiveFrom"] = "2027-01-01",
            ["Policies:0:ExclusionCeilings:IDF"] = "2000",
            ["Policies:0:MaxInstalmentsPrivate"] = "30",
        }).Build());

        var v2027 = catalog.ForDate(new DateOnly(2027, 3, 1));
        Assert.Equal("v2027", v2027.Version);
        Assert.Equal(2000m, v2027.ExclusionCeilings[Zone.Idf]);
        Assert.Equal(30, v2027.MaxInstalmentsPrivate);
        // Unstated parameters carry over from the newest built-in version.
        Assert.Equal(PolicyDefaults.V2026().ExclusionCeilings[Zone.Tense], v2027.ExclusionCeilings[Zone.Tense]);
        Assert.Equal("v2026", catalog.ForDate(new DateOnly(2026, 12, 31)).Version);
    }

    [Fact]
    public void An_operator_corrects_one_parameter_of_a_built_in_version()
    {
        var catalog = PolicyConfiguration.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Policies:0:Version"] = "v2023",
            ["Policies:0:WearRatePerYear"] = "0.05",
        }).Build());

        var v2023 = catalog.Get("v2023");
        Assert.Equal(0.05m, v2023.WearRatePerYear);
        Assert.Equal(PolicyDefaults.V2023().ExclusionCeilings[Zone.Idf], v2023.ExclusionCeilings[Zone.Idf]);
        Assert.Equal(0.06m, PolicyCatalog.Default.Get("v2023").WearRatePerYear); // the built-in catalog is untouched
    }
}
