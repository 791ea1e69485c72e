namespace ActionLogement.Domain.Tests.Visas;

public sealed class ValidityTests
{
    [Fact]
    public void A_visa_is_valid_3_months_from_issue()
    {
        var decision = VisaAssert.Decide(Samples.Young());
        Assert.Equal((Samples.D("2025-06-10"), Samples.D("2025-09-10")), (decision.IssuedOn, decision.ExpiresOn));
    }

    [Fact]
    public void A_student_visa_is_valid_6_months() =>
        Assert.Equal(Samples.D("2025-12-10"),
            VisaAssert.Decide(Samples.Young() with { Profile = Profile.Student, Student = new StudentSituation(true) }).ExpiresOn);

    [Fact]
    public void Validity_stops_at_the_end_of_the_job_contract()
    {
        var request = Samples.Employee() with
        {
            Employment = new Employment(EmploymentContract.Cdd, 1400m, Samples.D("2025-05-01"), Samples.D("2025-08-01"), null, null),
        };
        Assert.Equal(Samples.D("2025-08-01"), VisaAssert.Decide(request).ExpiresOn);
    }

    [Fact]
    public void A_job_contract_already_ended_is_refused()
    {
        var request = Samples.Employee() with
        {
            Employment = new Employment(EmploymentContract.Cdd, 1400m, Samples.D("2025-01-01"), Samples.D("2025-06-09"), null, null),
        };
        VisaAssert.RefusedWith(request, RuleCodes.EmploymentEnded);
    }

    [Fact]
    public void A_young_applicant_whose_job_has_ended_is_eligible_in_any_situation()
    {
        var request = Samples.Young() with
        {
            Employment = new Employment(EmploymentContract.Cdd, 1400m, Samples.D("2025-01-01"), Samples.D("2025-06-09"), null, null),
        };
        var decision = VisaAssert.Decide(request);
        Assert.True(decision.Certified);
        Assert.Equal(Samples.D("2025-09-10"), decision.ExpiresOn);
    }

    [Theory]
    [InlineData(Profile.Young)]
    [InlineData(Profile.Employee)]
    public void A_job_that_ends_before_it_starts_is_refused_whatever_the_profile(Profile profile)
    {
        var request = (profile == Profile.Young ? Samples.Young() : Samples.Employee()) with
        {
            Employment = new Employment(EmploymentContract.Cdd, 1400m, Samples.D("2025-09-01"), Samples.D("2025-08-01"), null, null),
        };
        VisaAssert.RefusedWith(request, RuleCodes.DateOutOfRange);
    }
}
