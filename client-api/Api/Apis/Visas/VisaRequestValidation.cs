namespace ActionLogement.Api.Apis.Visas;

/// <summary>Shape checks of a visa request (eligibility itself is the rule engine's).</summary>
public static class VisaRequestValidation
{
    public static List<Violation> Check(VisaRequestBody body)
    {
        var violations = new List<Violation>();
        Name(body.FirstName, "firstName", violations);
        Name(body.LastName, "lastName", violations);
        if (body.BirthDate.Year < 1900)
        {
            violations.Add(new Violation("date_out_of_range", "birthDate", "'birthDate' is out of range."));
        }

        NotNegative(body.MonthlyResources, "monthlyResources", violations);
        NotNegative(body.Employment?.NetSalary, "employment.netSalary", violations);
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

    public static void Name(string value, string field, List<Violation> violations)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 100)
        {
            violations.Add(new Violation("invalid_value", field, $"'{field}' is 1 to 100 characters."));
        }
    }

    public static void NotNegative(decimal? amount, string field, List<Violation> violations)
    {
        if (amount is < 0 or > 10_000_000)
        {
            violations.Add(new Violation("invalid_amount", field, $"'{field}' must be between 0 and 10,000,000."));
        }
        else if (amount is { } a && decimal.Round(a, 2) != a)
        {
            violations.Add(new Violation("invalid_amount", field, $"'{field}' has at most 2 decimals."));
        }
    }
}
