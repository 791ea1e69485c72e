using static ActionLogement.Api.Infrastructure.InputChecks;

namespace ActionLogement.Api.Apis.Visas;

/// <summary>Shape checks of a visa request (eligibility itself is the rule engine's).</summary>
public static class VisaRequestValidation
{
    public static List<Violation> Check(VisaRequestBody body)
    {
        var violations = new List<Violation>();
        Text(body.FirstName, "firstName", 100, violations);
        Text(body.LastName, "lastName", 100, violations);
        if (body.BirthDate.Year < 1900)
        {
            violations.Add(new Violation("date_out_of_range", "birthDate", "'birthDate' is out of range."));
        }

        Amount(body.MonthlyResources, "monthlyResources", violations);
        Amount(body.Employment?.NetSalary, "employment.netSalary", violations);
        if (body.Employment?.MonthsWorkedLast3 is < 0 or > 3)
        {
            violations.Add(new Violation("invalid_value", "employment.monthsWorkedLast3", "'monthsWorkedLast3' is 0 to 3."));
        }

        return violations;
    }

    public static VisaApplication ToApplication(VisaRequestBody b, DateOnly requestDate) => new(
        b.FirstName.Trim(),
        b.LastName.Trim(),
        b.BirthDate,
        b.Profile,
        requestDate,
        b.MonthlyResources,
        b.Student?.HasProofOfResources,
        b.Employment is { } e
            ? new EmploymentInfo(e.Contract, e.NetSalary, e.StartDate, e.EndDate, e.MonthsWorkedLast3, e.TransferDate)
            : null);
}
