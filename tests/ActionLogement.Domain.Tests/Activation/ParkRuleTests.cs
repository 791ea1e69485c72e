namespace ActionLogement.Domain.Tests.Activation;

public sealed class ParkRuleTests
{
    private static ActivationRequest On(Park park, string registeredOn = "2025-07-05", int? term = 36, decimal deposit = 900m) =>
        Samples.Activation(Samples.Lease(park, termMonths: term, deposit: deposit), registeredOn);

    [Theory]
    [InlineData(Park.TouristResidence)]
    [InlineData(Park.Rhvs)]
    [InlineData(Park.FamilyPension)]
    public void Excluded_parks_are_refused(Park park) => ActivationAssert.RefusedWith(RuleCodes.ParkExcluded, On(park));

    [Fact]
    public void An_excluded_park_is_named_as_the_api_spells_it() =>
        Assert.Contains(ActivationAssert.Check(On(Park.TouristResidence)).Violations,
            v => v.Code == RuleCodes.ParkExcluded && v.Message == "TOURIST_RESIDENCE dwellings are excluded.");

    [Fact]
    public void A_social_dwelling_is_for_students_only()
    {
        ActivationAssert.RefusedWith(RuleCodes.ParkNotAllowedForProfile, On(Park.Social));
        ActivationAssert.Accepted(On(Park.Social), Samples.Visa(Profile.Student));
    }

    [Fact]
    public void A_collective_residence_takes_a_tenant_aged_30_on_signature() =>
        ActivationAssert.Accepted(On(Park.Collective), Samples.Visa(birth: "1995-07-01"));

    [Fact]
    public void A_collective_residence_refuses_a_tenant_turning_31_on_signature() =>
        ActivationAssert.RefusedWith(RuleCodes.ParkNotAllowedForProfile, On(Park.Collective), Samples.Visa(Profile.Employee, birth: "1994-07-01"));

    [Fact]
    public void A_mobility_lease_visa_covers_only_a_bail_mobilite()
    {
        ActivationAssert.RefusedWith(RuleCodes.ParkNotAllowedForProfile, On(Park.Private), Samples.Visa(Profile.MobilityLease));
        ActivationAssert.Accepted(On(Park.PrivateMobility, term: 6, deposit: 0m), Samples.Visa(Profile.MobilityLease));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void A_bail_mobilite_of_1_to_10_months_without_deposit_is_accepted(int term) =>
        ActivationAssert.Accepted(On(Park.PrivateMobility, term: term, deposit: 0m));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(11, 0)]
    [InlineData(null, 0)]
    [InlineData(6, 1)]
    public void A_bail_mobilite_out_of_term_or_with_a_deposit_is_refused(int? term, int deposit) =>
        ActivationAssert.RefusedWith(RuleCodes.MobilityLeaseInvalid, On(Park.PrivateMobility, term: term, deposit: deposit));

    [Fact]
    public void A_lease_taking_effect_before_signature_is_refused() =>
        ActivationAssert.RefusedWith(RuleCodes.EffectBeforeSignature, Samples.Activation(Samples.Lease(signedOn: "2025-07-01", effectiveOn: "2025-06-30")));

    [Fact]
    public void A_negative_charge_is_refused() =>
        ActivationAssert.RefusedWith(RuleCodes.InvalidAmount, Samples.Activation(Samples.Lease(charges: -1m)));
}
