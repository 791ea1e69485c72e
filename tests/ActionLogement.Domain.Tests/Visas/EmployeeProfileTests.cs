namespace ActionLogement.Domain.Tests.Visas;

public sealed class EmployeeProfileTests
{
    [Fact]
    public void A_salary_exactly_at_the_ceiling_is_eligible() => VisaAssert.Certified(Samples.Employee(1500m));

    [Fact]
    public void A_salary_one_cent_above_the_ceiling_is_refused() => VisaAssert.RefusedWith(Samples.Employee(1500.01m), RuleCodes.SalaryAboveCeiling);

    [Fact]
    public void A_net_salary_of_zero_does_not_pass_the_ceiling() => VisaAssert.RefusedWith(Samples.Employee(0m), RuleCodes.InvalidAmount);

    [Fact]
    public void The_2026_salary_ceiling_is_1710()
    {
        VisaAssert.Certified(Samples.Employee(1710m, "2026-01-06"));
        VisaAssert.RefusedWith(Samples.Employee(1710.01m, "2026-01-06"), RuleCodes.SalaryAboveCeiling);
        VisaAssert.RefusedWith(Samples.Employee(1710m, "2026-01-05"), RuleCodes.SalaryAboveCeiling);
    }

    private static VisaRequest ShortFixedTerm(int? monthsWorked) => Samples.Employee() with
    {
        Employment = new Employment(EmploymentContract.Cdd, 1400m, Samples.D("2025-06-15"), Samples.D("2025-07-14"), monthsWorked, null),
    };

    [Fact]
    public void A_fixed_term_under_a_month_without_prior_work_is_refused() =>
        VisaAssert.RefusedWith(ShortFixedTerm(0), RuleCodes.InsufficientPriorWork);

    [Fact]
    public void A_fixed_term_under_a_month_with_a_month_worked_in_the_last_3_is_eligible() => VisaAssert.Certified(ShortFixedTerm(1));

    [Fact]
    public void A_fixed_term_of_exactly_one_month_needs_no_prior_work()
    {
        var request = ShortFixedTerm(null) with
        {
            Employment = new Employment(EmploymentContract.Cdd, 1400m, Samples.D("2025-06-15"), Samples.D("2025-07-15"), null, null),
        };
        VisaAssert.Certified(request);
    }

    [Fact]
    public void An_employee_who_states_no_salary_is_told_so_not_that_resources_are_above_the_ceiling()
    {
        var request = Samples.Employee(1400m) with
        {
            MonthlyResources = 1600m,
            Employment = new Employment(EmploymentContract.Cdi, null, null, null, null, null),
        };
        VisaAssert.RefusedWith(request, RuleCodes.SalaryMissing);
        Assert.DoesNotContain(RuleCodes.SalaryAboveCeiling, Samples.Codes(VisaAssert.Decide(request).Violations));
    }

    [Fact]
    public void An_employee_without_a_contract_is_refused() =>
        VisaAssert.RefusedWith(Samples.Employee() with { Employment = null }, RuleCodes.EmploymentMissing);

    [Fact]
    public void An_internship_is_not_an_employment_contract() =>
        VisaAssert.RefusedWith(Samples.Employee() with { Employment = new Employment(EmploymentContract.Internship, 800m, null, null, null, null) },
            RuleCodes.EmploymentContractInvalid);

    [Fact]
    public void Every_failing_rule_is_reported()
    {
        var decision = VisaAssert.Decide(Samples.Employee(2000m) with { BirthDate = Samples.D("2000-01-01"), FirstName = "" });
        Assert.Equal([RuleCodes.NameMissing, RuleCodes.TooYoung, RuleCodes.SalaryAboveCeiling], Samples.Codes(decision.Violations));
    }
}
