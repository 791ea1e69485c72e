namespace ActionLogement.Domain.Tests.Policies;

public sealed class PolicyCatalogTests
{
    [Fact]
    public void Contracts_signed_on_5_January_2026_keep_the_2023_rules() =>
        Assert.Equal("v2023", Samples.Catalog.ForDate(Samples.D("2026-01-05")).Version);

    [Fact]
    public void Contracts_signed_from_6_January_2026_get_the_2026_rules() =>
        Assert.Equal("v2026", Samples.Catalog.ForDate(Samples.D("2026-01-06")).Version);

    [Fact]
    public void The_default_versions_carry_the_document_values()
    {
        var v2023 = Samples.V2023;
        var v2026 = Samples.V2026;
        Assert.Equal([1500m, 1300m, 1300m], v2023.ExclusionCeilings.OrderBy(k => k.Key).Select(k => k.Value));
        Assert.Equal([1940m, 1575m, 1365m], v2026.ExclusionCeilings.OrderBy(k => k.Key).Select(k => k.Value));
        Assert.Equal([800m, 600m, 600m], v2023.StudentCeilings.OrderBy(k => k.Key).Select(k => k.Value));
        Assert.Equal([1000m, 840m, 680m], v2026.StudentCeilings.OrderBy(k => k.Key).Select(k => k.Value));
        Assert.Equal((1500m, 1710m), (v2023.EmployeeSalaryCeiling, v2026.EmployeeSalaryCeiling));
        Assert.Equal((null, 36), (v2023.CoverPeriodMonths, v2026.CoverPeriodMonths));
        Assert.Equal((36, 9), (v2026.MaxInstalmentsPrivate, v2026.MaxInstalmentsSocial));
    }

    [Fact]
    public void An_empty_catalog_is_refused() => Assert.Throws<ArgumentException>(() => PolicyCatalog.From([]));

    [Fact]
    public void Two_versions_with_one_name_are_refused() =>
        Assert.Throws<ArgumentException>(() => PolicyCatalog.From([PolicyDefaults.V2023(), PolicyDefaults.V2023()]));

    [Fact]
    public void A_version_without_a_ceiling_for_every_zone_is_refused()
    {
        var broken = PolicyDefaults.V2026();
        broken.ExclusionCeilings.Remove(Zone.Tense);
        Assert.Throws<ArgumentException>(() => PolicyCatalog.From([broken]));
    }

    [Fact]
    public void Versions_are_sorted_by_effective_date_and_copied()
    {
        var v2026 = PolicyDefaults.V2026();
        var catalog = PolicyCatalog.From([v2026, PolicyDefaults.V2023()]);
        v2026.EmployeeSalaryCeiling = 1m;
        Assert.Equal(["v2023", "v2026"], catalog.Versions.Select(p => p.Version));
        Assert.Equal(1710m, catalog.Get("v2026").EmployeeSalaryCeiling);
    }

    [Fact]
    public void An_unknown_version_is_not_found()
    {
        Assert.False(Samples.Catalog.TryGet("v1999", out _));
        Assert.Throws<KeyNotFoundException>(() => Samples.Catalog.Get("v1999"));
    }
}
