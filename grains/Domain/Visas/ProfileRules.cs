namespace ActionLogement.Domain;

/// <summary>The per-profile conditions of domain-rules.md §3; each returns every failing rule.</summary>
internal static class ProfileRules
{
    public static IEnumerable<RuleViolation> Check(VisaRequest r, Policy p)
    {
        var age = Age.On(r.BirthDate, r.RequestDate);
        return r.Profile switch
        {
            Profile.Young => YoungAge(age, p),
            Profile.Student => YoungAge(age, p).Concat(Student(r)),
            Profile.Employee => OverYoungAge(age, p).Concat(Employee(r, p)),
            Profile.NewHire => OverYoungAge(age, p).Concat(NewHire(r, p)),
            Profile.Transfer => OverYoungAge(age, p).Concat(Transfer(r, p)),
            Profile.MobilityLease => MinimumAge(age, p).Concat(MobilityLease(r)),
            _ => [new(RuleCodes.ProfileUnknown, "profile", "No eligible profile: " + string.Join(", ", EligibleProfiles) + ".")],
        };
    }

    private static readonly string[] EligibleProfiles = [.. Enum.GetValues<Profile>().Where(p => p != Profile.Unknown).Select(ApiSpelling<Profile>.Of)];

    private static IEnumerable<RuleViolation> MinimumAge(int age, Policy p)
    {
        if (age < p.MinAge)
        {
            yield return new(RuleCodes.TooYoung, "birthDate", $"The candidate must be at least {p.MinAge}.");
        }
    }

    private static IEnumerable<RuleViolation> YoungAge(int age, Policy p)
    {
        if (age > p.MaxYoungAge)
        {
            yield return new(RuleCodes.TooOld, "birthDate", $"This profile is for candidates aged {p.MaxYoungAge} or less.");
        }

        foreach (var v in MinimumAge(age, p))
        {
            yield return v;
        }
    }

    // EMPLOYEE, NEW_HIRE and TRANSFER are for candidates over the young age: younger ones are refused too_young
    // (they should ask as YOUNG, which has no condition), so the code says what to change.
    private static IEnumerable<RuleViolation> OverYoungAge(int age, Policy p)
    {
        if (age <= p.MaxYoungAge)
        {
            yield return new(RuleCodes.TooYoung, "birthDate", $"This profile is for candidates over {p.MaxYoungAge}; ask as YOUNG.");
        }
    }

    private static IEnumerable<RuleViolation> Student(VisaRequest r)
    {
        // Work-study (apprenticeship) and civic service may come as an employment contract instead of a student situation.
        if (r.Student is null && r.Employment?.Contract is not (EmploymentContract.Apprenticeship or EmploymentContract.CivicService))
        {
            yield return new(RuleCodes.StudentSituationMissing, "student", "A STUDENT request needs a student, work-study or civic-service situation.");
        }
    }

    private static IEnumerable<RuleViolation> Employee(VisaRequest r, Policy p)
    {
        if (r.Employment is not { } e)
        {
            yield return new(RuleCodes.EmploymentMissing, "employment", "An EMPLOYEE request needs the employment contract.");
            yield break;
        }

        if (e.Contract is not (EmploymentContract.Cdi or EmploymentContract.Cdd or EmploymentContract.Trial
            or EmploymentContract.Apprenticeship or EmploymentContract.TemporaryAssignment))
        {
            yield return new(RuleCodes.EmploymentContractInvalid, "employment.contract", $"{ApiSpelling<EmploymentContract>.Of(e.Contract)} is not an employment contract.");
        }

        // The ceiling is on the salary itself, not on resources that may hold other income: it must be stated. And an
        // employee earns something: a stated salary of 0 would pass any ceiling.
        if (e.NetSalary is not { } salary)
        {
            yield return new(RuleCodes.SalaryMissing, "employment.netSalary",
                $"An EMPLOYEE request states the monthly net salary (at most {p.EmployeeSalaryCeiling:0.00}).");
        }
        else if (salary <= 0)
        {
            yield return new(RuleCodes.InvalidAmount, "employment.netSalary", "An employee's net salary is positive.");
        }
        else if (salary > p.EmployeeSalaryCeiling)
        {
            yield return new(RuleCodes.SalaryAboveCeiling, "employment.netSalary",
                $"Net salary {salary:0.00} above the ceiling of {p.EmployeeSalaryCeiling:0.00}.");
        }

        foreach (var shortTerm in ShortFixedTermChecks(e, p))
        {
            yield return shortTerm;
        }
    }

    // The seed states this condition for the employee in post and again for the one entering a job.
    private static IEnumerable<RuleViolation> ShortFixedTermChecks(Employment e, Policy p)
    {
        if (IsShortFixedTerm(e, p) && (e.MonthsWorkedLast3 ?? 0) < p.ShortFixedTermMinMonthsWorked)
        {
            yield return new(RuleCodes.InsufficientPriorWork, "employment.monthsWorkedLast3",
                $"A fixed-term contract under {p.ShortFixedTermMonths} month(s) needs {p.ShortFixedTermMinMonthsWorked} month(s) worked in the last {p.ShortFixedTermLookbackMonths}.");
        }
    }

    private static bool IsShortFixedTerm(Employment e, Policy p) =>
        e.Contract is EmploymentContract.Cdd or EmploymentContract.TemporaryAssignment
        && e is { StartDate: { } start, EndDate: { } end }
        && end < start.AddMonths(p.ShortFixedTermMonths);

    // A CDI counts as a trial contract: a new permanent job starts with its trial period.
    private static IEnumerable<RuleViolation> NewHire(VisaRequest r, Policy p)
    {
        if (r.Employment is not { } e)
        {
            yield return new(RuleCodes.EmploymentMissing, "employment", "A NEW_HIRE request needs the promise of hire or contract.");
            yield break;
        }

        int? within = e.Contract switch
        {
            EmploymentContract.PromiseOfHire => p.NewHireStartWithinMonths,
            EmploymentContract.Cdd or EmploymentContract.Trial or EmploymentContract.Cdi => p.FixedTermStartWithinMonths,
            _ => null,
        };
        if (within is not { } months)
        {
            yield return new(RuleCodes.EmploymentContractInvalid, "employment.contract", $"{ApiSpelling<EmploymentContract>.Of(e.Contract)} is not a hire.");
        }
        else if (e.StartDate is not { } start)
        {
            yield return new(RuleCodes.SituationDateMissing, "employment.startDate", "The job start date is required.");
        }
        else if (start > r.RequestDate.AddMonths(months) || start < r.RequestDate.AddMonths(-months))
        {
            // Entering a job, within that many months of the request either way ("jusqu'à six mois après la prise de
            // poste"); hired longer ago, the candidate is an employee like any other (EMPLOYEE, with its salary ceiling).
            yield return new(RuleCodes.HireDateTooFar, "employment.startDate", $"The job must start within {months} months of the request, before or after it.");
        }

        foreach (var shortTerm in ShortFixedTermChecks(e, p))
        {
            yield return shortTerm;
        }
    }

    private static IEnumerable<RuleViolation> Transfer(VisaRequest r, Policy p)
    {
        if (r.Employment?.TransferDate is not { } date)
        {
            yield return new(RuleCodes.SituationDateMissing, "employment.transferDate", "The transfer date is required.");
        }
        else if (date > r.RequestDate.AddMonths(p.TransferWithinMonths) || date < r.RequestDate.AddMonths(-p.TransferWithinMonths))
        {
            yield return new(RuleCodes.TransferDateTooFar, "employment.transferDate",
                $"The transfer is within {p.TransferWithinMonths} months of the request, before or after it.");
        }
    }

    private static IEnumerable<RuleViolation> MobilityLease(VisaRequest r)
    {
        var reason = r.Student is not null
            || r.Employment?.TransferDate is not null
            || r.Employment?.Contract is EmploymentContract.Training or EmploymentContract.Apprenticeship
                or EmploymentContract.Internship or EmploymentContract.CivicService or EmploymentContract.TemporaryAssignment;
        if (!reason)
        {
            yield return new(RuleCodes.MobilityReasonInvalid, "employment",
                "A bail mobilité needs training, higher education, apprenticeship, internship, civic service, transfer or temporary assignment.");
        }
    }
}
