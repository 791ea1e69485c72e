namespace ActionLogement.Domain.Tests.Visas;

public sealed class AgeBoundaryTests
{
    private static VisaRequest Born(string birth, Profile profile = Profile.Young) =>
        Samples.Young() with { BirthDate = Samples.D(birth), Profile = profile };

    [Fact]
    public void A_candidate_turning_31_the_day_after_the_request_is_still_young() => VisaAssert.Certified(Born("1994-06-11"));

    [Fact]
    public void A_candidate_aged_30_on_the_request_date_is_young() => VisaAssert.Certified(Born("1995-06-10"));

    [Fact]
    public void A_candidate_turning_31_on_the_request_date_is_too_old() => VisaAssert.RefusedWith(Born("1994-06-10"), RuleCodes.TooOld);

    [Fact]
    public void A_candidate_of_17_is_too_young() => VisaAssert.RefusedWith(Born("2007-06-11"), RuleCodes.TooYoung);

    [Fact]
    public void A_candidate_turning_18_on_the_request_date_is_eligible() => VisaAssert.Certified(Born("2007-06-10"));

    [Fact]
    public void An_employee_aged_30_is_too_young_for_the_employee_profile() =>
        VisaAssert.RefusedWith(Samples.Employee() with { BirthDate = Samples.D("1995-06-10") }, RuleCodes.TooYoung);

    [Fact]
    public void An_employee_turning_31_on_the_request_date_is_eligible() =>
        VisaAssert.Certified(Samples.Employee() with { BirthDate = Samples.D("1994-06-10") });

    [Fact]
    public void A_student_over_30_is_too_old() =>
        VisaAssert.RefusedWith(Born("1990-01-01", Profile.Student) with { Student = new StudentSituation(true) }, RuleCodes.TooOld);

    [Fact]
    public void Someone_born_on_29_February_comes_of_age_on_28_February() =>
        Assert.Equal(18, Age.On(Samples.D("2008-02-29"), Samples.D("2026-02-28")));
}
