namespace ActionLogement.Domain.Tests.Activation;

public sealed class VisaCheckTests
{
    [Fact]
    public void The_sample_lease_is_activated() => ActivationAssert.Accepted();

    [Fact]
    public void An_unknown_visa_is_refused_and_the_lease_checks_still_run()
    {
        var decision = ActivationRules.Check(Samples.Activation(registeredOn: "2025-07-12"), null, Samples.Catalog);
        Assert.Equal([RuleCodes.VisaNotFound, RuleCodes.RegistrationLate], Samples.Codes(decision.Violations));
    }

    [Fact]
    public void A_visa_not_certified_is_refused() =>
        ActivationAssert.RefusedWith(RuleCodes.VisaNotCertified, visa: Samples.Visa() with { Certified = false });

    [Fact]
    public void A_refused_visa_is_refused_for_that_alone_not_for_the_ceilings_it_never_had()
    {
        var refused = Samples.Visa() with { Certified = false, MaxRent = new Dictionary<Zone, decimal>() };
        Assert.Equal([RuleCodes.VisaNotCertified], Samples.Codes(ActivationAssert.Check(visa: refused).Violations));
    }

    [Fact]
    public void A_revoked_visa_is_refused() =>
        ActivationAssert.RefusedWith(RuleCodes.VisaRevoked, visa: Samples.Visa() with { Revoked = true });

    [Fact]
    public void Another_tenant_name_is_refused() =>
        ActivationAssert.RefusedWith(RuleCodes.TenantNameMismatch, Samples.Activation(lastName: "BRAHMI"));

    [Fact]
    public void Another_first_name_is_refused() =>
        ActivationAssert.RefusedWith(RuleCodes.TenantNameMismatch, Samples.Activation(firstName: "Chloé"));

    [Theory]
    [InlineData("brahim", "CLOANE")]
    [InlineData(" Brâhïm ", "cloané")]
    [InlineData("BRAHIM", null)]
    public void Names_match_whatever_the_case_and_accents(string lastName, string? firstName) =>
        ActivationAssert.Accepted(Samples.Activation(lastName: lastName, firstName: firstName));

    [Fact]
    public void A_lease_signed_before_the_visa_was_issued_is_refused_and_on_its_issue_day_accepted()
    {
        ActivationAssert.RefusedWith(RuleCodes.LeaseSignedBeforeVisa,
            Samples.Activation(Samples.Lease(signedOn: "2025-06-09", effectiveOn: "2025-06-15"), registeredOn: "2025-06-12"));
        ActivationAssert.Accepted(Samples.Activation(Samples.Lease(signedOn: "2025-06-10", effectiveOn: "2025-06-15"), registeredOn: "2025-06-12"));
    }

    [Fact]
    public void A_lease_signed_on_the_visa_expiry_date_is_accepted() =>
        ActivationAssert.Accepted(Samples.Activation(Samples.Lease(signedOn: "2025-09-10"), registeredOn: "2025-09-10"));

    [Fact]
    public void A_lease_signed_the_day_after_expiry_is_refused() =>
        ActivationAssert.RefusedWith(RuleCodes.VisaExpiredAtSignature, Samples.Activation(Samples.Lease(signedOn: "2025-09-11"), registeredOn: "2025-09-11"));

    [Fact]
    public void Entry_on_the_first_of_the_month_after_expiry_is_accepted() =>
        ActivationAssert.Accepted(Samples.Activation(Samples.Lease(signedOn: "2025-09-10", effectiveOn: "2025-10-01"), registeredOn: "2025-09-10"));

    [Fact]
    public void Entry_on_the_second_of_the_month_after_expiry_is_too_late() =>
        ActivationAssert.RefusedWith(RuleCodes.EntryTooLate,
            Samples.Activation(Samples.Lease(signedOn: "2025-09-10", effectiveOn: "2025-10-02"), registeredOn: "2025-09-10"));

    [Fact]
    public void Rent_exactly_at_the_visa_ceiling_is_accepted() =>
        ActivationAssert.Accepted(Samples.Activation(Samples.Lease(rent: 900m, charges: 100m)), Samples.Visa(maxRent: 1000m));

    [Fact]
    public void Rent_one_cent_above_the_visa_ceiling_is_refused() =>
        ActivationAssert.RefusedWith(RuleCodes.RentAboveVisaCeiling, Samples.Activation(Samples.Lease(rent: 900.01m, charges: 100m)), Samples.Visa(maxRent: 1000m));

    [Fact]
    public void Every_failing_check_is_reported()
    {
        var request = Samples.Activation(Samples.Lease(signedOn: "2025-09-11", effectiveOn: "2025-10-02", rent: 2000m), registeredOn: "2025-09-30");
        var decision = ActivationAssert.Check(request);
        Assert.Equal(
            [RuleCodes.RegistrationLate, RuleCodes.VisaExpiredAtSignature, RuleCodes.EntryTooLate, RuleCodes.RentAboveVisaCeiling],
            Samples.Codes(decision.Violations));
    }

    [Fact]
    public void Whoever_does_not_name_the_holder_learns_nothing_of_the_visa()
    {
        // The same lease under another tenant's name: the lease's own checks, and the mismatch, but nothing that tells
        // the visa's expiry, ceilings (the holder's resources) or profile (age).
        var request = Samples.Activation(Samples.Lease(signedOn: "2025-09-11", effectiveOn: "2025-10-02", rent: 2000m), registeredOn: "2025-09-30", lastName: "X");
        var decision = ActivationAssert.Check(request);
        Assert.Equal([RuleCodes.TenantNameMismatch, RuleCodes.RegistrationLate], Samples.Codes(decision.Violations));
    }
}
