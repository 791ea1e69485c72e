namespace ActionLogement.Domain.Tests.Visas;

public sealed class NewHireAndTransferTests
{
    private static VisaRequest Hire(EmploymentContract contract, string? start) => Samples.Employee() with
    {
        Profile = Profile.NewHire,
        Employment = new Employment(contract, 1400m, start is null ? null : Samples.D(start), null, null, null),
    };

    // Seed 001 states the condition again for the one entering a job: "Si CDD de moins d'1 mois, le demandeur doit avoir
    // travaillé au moins 1 mois dans les 3 mois précédents la demande de visa".
    [Theory]
    [InlineData(0, false)]
    [InlineData(null, false)]
    [InlineData(1, true)]
    public void A_hire_on_a_fixed_term_under_a_month_needs_a_month_worked_in_the_last_3(int? monthsWorked, bool certified)
    {
        var request = Hire(EmploymentContract.Cdd, null) with
        {
            Employment = new Employment(EmploymentContract.Cdd, 1400m, Samples.D("2025-06-20"), Samples.D("2025-07-10"), monthsWorked, null),
        };
        if (certified)
        {
            VisaAssert.Certified(request);
        }
        else
        {
            VisaAssert.RefusedWith(request, RuleCodes.InsufficientPriorWork);
        }
    }

    [Fact]
    public void A_promise_of_hire_starting_3_months_after_the_request_is_eligible() =>
        VisaAssert.Certified(Hire(EmploymentContract.PromiseOfHire, "2025-09-10"));

    [Fact]
    public void A_promise_of_hire_starting_a_day_later_is_too_far() =>
        VisaAssert.RefusedWith(Hire(EmploymentContract.PromiseOfHire, "2025-09-11"), RuleCodes.HireDateTooFar);

    [Theory]
    [InlineData(EmploymentContract.Cdd)]
    [InlineData(EmploymentContract.Trial)]
    public void A_fixed_term_or_trial_contract_may_start_within_6_months(EmploymentContract contract)
    {
        VisaAssert.Certified(Hire(contract, "2025-12-10"));
        VisaAssert.RefusedWith(Hire(contract, "2025-12-11"), RuleCodes.HireDateTooFar);
    }

    [Theory]
    [InlineData(EmploymentContract.Cdd)]
    [InlineData(EmploymentContract.Cdi)]
    public void A_job_taken_up_to_6_months_before_the_request_is_still_a_hire_and_not_earlier(EmploymentContract contract)
    {
        // Hired long ago, the candidate is an employee (EMPLOYEE, with its salary ceiling), not entering a job.
        VisaAssert.Certified(Hire(contract, "2024-12-10"));
        VisaAssert.RefusedWith(Hire(contract, "2024-12-09"), RuleCodes.HireDateTooFar);
        VisaAssert.RefusedWith(Hire(contract, "2020-01-01"), RuleCodes.HireDateTooFar);
    }

    [Fact]
    public void A_hire_without_a_start_date_is_refused() =>
        VisaAssert.RefusedWith(Hire(EmploymentContract.Cdd, null), RuleCodes.SituationDateMissing);

    [Fact]
    public void An_internship_is_not_a_hire() =>
        VisaAssert.RefusedWith(Hire(EmploymentContract.Internship, "2025-07-01"), RuleCodes.EmploymentContractInvalid);

    private static VisaRequest Transfer(string? date) => Samples.Employee() with
    {
        Profile = Profile.Transfer,
        Employment = new Employment(EmploymentContract.Cdi, 1400m, null, null, null, date is null ? null : Samples.D(date)),
    };

    [Fact]
    public void A_transfer_within_6_months_is_eligible() => VisaAssert.Certified(Transfer("2025-12-10"));

    [Fact]
    public void A_transfer_a_day_after_6_months_is_too_far() => VisaAssert.RefusedWith(Transfer("2025-12-11"), RuleCodes.TransferDateTooFar);

    [Fact]
    public void A_transfer_more_than_6_months_before_the_request_is_too_far()
    {
        VisaAssert.Certified(Transfer("2024-12-10"));
        VisaAssert.RefusedWith(Transfer("2024-12-09"), RuleCodes.TransferDateTooFar);
    }

    [Fact]
    public void A_transfer_without_a_date_is_refused() => VisaAssert.RefusedWith(Transfer(null), RuleCodes.SituationDateMissing);
}
