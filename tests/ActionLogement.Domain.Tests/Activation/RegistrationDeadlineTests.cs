namespace ActionLogement.Domain.Tests.Activation;

public sealed class RegistrationDeadlineTests
{
    private static ActivationRequest Registered(Park park, string registeredOn) =>
        Samples.Activation(Samples.Lease(park, signedOn: "2025-07-01", effectiveOn: "2025-07-15"), registeredOn);

    [Theory]
    [InlineData("2025-06-20")]
    [InlineData("2025-07-10")]
    [InlineData("2025-07-11")]
    public void A_private_lease_may_be_registered_up_to_10_days_after_signature(string registeredOn) =>
        ActivationAssert.Accepted(Registered(Park.Private, registeredOn));

    [Fact]
    public void A_private_lease_registered_11_days_after_signature_is_late() =>
        ActivationAssert.RefusedWith(RuleCodes.RegistrationLate, Registered(Park.Private, "2025-07-12"));

    [Theory]
    [InlineData("2025-08-13")]
    [InlineData("2025-08-14")]
    public void A_social_lease_may_be_registered_up_to_30_days_after_effect(string registeredOn) =>
        ActivationAssert.Accepted(Registered(Park.Social, registeredOn), Samples.Visa(Profile.Student));

    [Fact]
    public void A_social_lease_registered_31_days_after_effect_is_late() =>
        ActivationAssert.RefusedWith(RuleCodes.RegistrationLate, Registered(Park.Social, "2025-08-15"), Samples.Visa(Profile.Student));

    [Fact]
    public void A_collective_lease_registered_31_days_after_effect_is_late() =>
        ActivationAssert.RefusedWith(RuleCodes.RegistrationLate, Registered(Park.Collective, "2025-08-15"));
}
