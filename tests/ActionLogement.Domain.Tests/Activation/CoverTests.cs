namespace ActionLogement.Domain.Tests.Activation;

public sealed class CoverTests
{
    private static Cover CoverFor(Park park, string signedOn)
    {
        var visa = Samples.Visa(park == Park.Social ? Profile.Student : Profile.Young, expiresOn: "2026-03-01");
        var decision = ActionLogement.Domain.ActivationRules.Check(
            Samples.Activation(Samples.Lease(park, signedOn, termMonths: park == Park.PrivateMobility ? 6 : 36, deposit: park == Park.PrivateMobility ? 0 : 900), signedOn),
            visa, Samples.Catalog);
        Assert.Empty(decision.Violations);
        return decision.Cover!;
    }

    [Fact]
    public void A_private_contract_gets_36_instalments_and_two_months_of_damage_cover()
    {
        var cover = CoverFor(Park.Private, "2025-07-01");
        Assert.Equal((36, 2000m, 1000m), (cover.MaxInstalments, cover.DamageCap, cover.MonthlyRentAndCharges));
    }

    [Fact]
    public void A_bail_mobilite_gets_the_private_cover() =>
        Assert.Equal((36, 2000m), (CoverFor(Park.PrivateMobility, "2025-07-01").MaxInstalments, CoverFor(Park.PrivateMobility, "2025-07-01").DamageCap));

    [Theory]
    [InlineData(Park.Social)]
    [InlineData(Park.Collective)]
    public void Social_and_collective_contracts_get_9_instalments_and_no_damage_cover(Park park)
    {
        var cover = CoverFor(park, "2025-07-01");
        Assert.Equal((9, (decimal?)null), (cover.MaxInstalments, cover.DamageCap));
    }

    [Fact]
    public void A_lease_signed_on_5_January_2026_keeps_the_2023_cover_for_the_whole_occupancy()
    {
        var cover = CoverFor(Park.Private, "2026-01-05");
        Assert.Equal(("v2023", (YearMonth?)null), (cover.PolicyVersion, cover.LastCoveredMonth));
    }

    [Fact]
    public void A_lease_signed_on_6_January_2026_is_covered_36_months_from_the_effect_month()
    {
        var cover = CoverFor(Park.Private, "2026-01-06");
        Assert.Equal(("v2026", (YearMonth?)Samples.M("2028-12")), (cover.PolicyVersion, cover.LastCoveredMonth));
    }

    [Fact]
    public void Once_the_tenant_has_left_the_last_covered_month_is_the_move_outs_if_earlier()
    {
        var cover = new Cover("v2026", 36, 2000m, 1000m, Samples.M("2029-08"));
        Assert.Equal(Samples.M("2029-08"), cover.LastCoveredMonthGiven(null));
        Assert.Equal(Samples.M("2026-11"), cover.LastCoveredMonthGiven(Samples.D("2026-11-15")));
        Assert.Equal(Samples.M("2026-11"), (cover with { LastCoveredMonth = null }).LastCoveredMonthGiven(Samples.D("2026-11-30")));
        Assert.Equal(Samples.M("2029-08"), cover.LastCoveredMonthGiven(Samples.D("2030-01-10")));
    }
}
