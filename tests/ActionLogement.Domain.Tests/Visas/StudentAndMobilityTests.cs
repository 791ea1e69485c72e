namespace ActionLogement.Domain.Tests.Visas;

public sealed class StudentAndMobilityTests
{
    [Fact]
    public void A_student_profile_without_a_student_situation_is_refused() =>
        VisaAssert.RefusedWith(Samples.Young() with { Profile = Profile.Student }, RuleCodes.StudentSituationMissing);

    [Fact]
    public void A_work_study_contract_makes_a_student() =>
        VisaAssert.Certified(Samples.Young() with
        {
            Profile = Profile.Student,
            Employment = new Employment(EmploymentContract.Apprenticeship, 900m, null, null, null, null),
        });

    private static VisaRequest Mobility(EmploymentContract contract) => Samples.Employee() with
    {
        Profile = Profile.MobilityLease,
        Employment = new Employment(contract, 1400m, null, null, null, null),
    };

    [Theory]
    [InlineData(EmploymentContract.Training)]
    [InlineData(EmploymentContract.Internship)]
    [InlineData(EmploymentContract.Apprenticeship)]
    [InlineData(EmploymentContract.CivicService)]
    [InlineData(EmploymentContract.TemporaryAssignment)]
    public void A_bail_mobilite_reason_is_accepted(EmploymentContract contract) => VisaAssert.Certified(Mobility(contract));

    [Fact]
    public void A_permanent_job_is_no_reason_for_a_bail_mobilite() =>
        VisaAssert.RefusedWith(Mobility(EmploymentContract.Cdi), RuleCodes.MobilityReasonInvalid);

    [Fact]
    public void An_unknown_profile_is_refused() =>
        VisaAssert.RefusedWith(Samples.Young() with { Profile = Profile.Unknown }, RuleCodes.ProfileUnknown);

    [Theory]
    [InlineData(" ")]
    [InlineData("\u0301")]
    [InlineData("-")]
    public void A_request_without_a_name_is_refused(string lastName) =>
        VisaAssert.RefusedWith(Samples.Young() with { LastName = lastName }, RuleCodes.NameMissing);
}
