namespace ActionLogement.Domain.Tests.Visas;

public sealed class MaxRentTests
{
    [Fact]
    public void Max_rent_is_half_the_resources_under_the_zone_ceiling()
    {
        var decision = VisaAssert.Decide(Samples.Young(resources: 2000m));
        Assert.Equal(1000m, decision.MaxRent[Zone.Idf]);
        Assert.Equal(1000m, decision.MaxRent[Zone.Other]);
    }

    [Fact]
    public void Max_rent_stops_at_the_2023_exclusion_ceiling_of_each_zone()
    {
        var decision = VisaAssert.Decide(Samples.Young(resources: 5000m));
        Assert.Equal((1500m, 1300m, 1300m), (decision.MaxRent[Zone.Idf], decision.MaxRent[Zone.Tense], decision.MaxRent[Zone.Other]));
        Assert.Equal("v2023", decision.PolicyVersion);
    }

    [Fact]
    public void A_request_from_6_January_2026_gets_the_2026_ceilings()
    {
        var decision = VisaAssert.Decide(Samples.Young("2026-01-06", 5000m));
        Assert.Equal((1940m, 1575m, 1365m), (decision.MaxRent[Zone.Idf], decision.MaxRent[Zone.Tense], decision.MaxRent[Zone.Other]));
        Assert.Equal("v2026", decision.PolicyVersion);
    }

    [Fact]
    public void The_effort_rate_result_is_the_cent_below_so_that_a_rent_at_the_ceiling_never_takes_more_than_half()
    {
        Assert.Equal(617.16m, VisaAssert.Decide(Samples.Young(resources: 1234.33m)).MaxRent[Zone.Idf]);
        Assert.Equal(500.50m, VisaAssert.Decide(Samples.Young(resources: 1001.01m)).MaxRent[Zone.Idf]);
        Assert.Equal(1000m, VisaAssert.Decide(Samples.Young(resources: 2000m)).MaxRent[Zone.Idf]);
    }

    [Fact]
    public void A_student_without_proof_of_resources_gets_the_student_ceiling()
    {
        var request = Samples.Young() with { Profile = Profile.Student, MonthlyResources = null, Student = new StudentSituation(false) };
        var decision = VisaAssert.Decide(request);
        Assert.True(decision.Certified);
        Assert.Equal((800m, 600m, 600m), (decision.MaxRent[Zone.Idf], decision.MaxRent[Zone.Tense], decision.MaxRent[Zone.Other]));
    }

    [Fact]
    public void A_student_with_proof_of_resources_gets_the_effort_rate_rule()
    {
        var request = Samples.Young(resources: 1000m) with { Profile = Profile.Student, Student = new StudentSituation(true) };
        Assert.Equal(500m, VisaAssert.Decide(request).MaxRent[Zone.Idf]);
    }

    [Fact]
    public void A_request_without_resources_is_refused() =>
        VisaAssert.RefusedWith(Samples.Young() with { MonthlyResources = null }, RuleCodes.ResourcesMissing);

    [Fact]
    public void Negative_resources_are_refused() =>
        VisaAssert.RefusedWith(Samples.Young() with { MonthlyResources = -1m }, RuleCodes.InvalidAmount);

    [Fact]
    public void A_refused_visa_has_no_ceilings() =>
        Assert.Empty(VisaAssert.Decide(Samples.Young() with { MonthlyResources = null }).MaxRent);
}
