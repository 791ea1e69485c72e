namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// The checks of the lists' optional filters: a filter given is checked like the field it matches, so that a mistyped
/// one is a 400 naming it rather than an empty page that reads as "nothing matches".
/// </summary>
public static class ListFilters
{
    /// <summary>A party's id (<c>landlordId</c>), as an activation takes it.</summary>
    public static void Id(string? value, string field, List<Violation> v)
    {
        if (value is not null)
        {
            InputChecks.Id(value, field, 50, v);
        }
    }

    /// <summary>A partner's reference for a lease, trimmed as activations store it; null when absent or refused.</summary>
    public static string? Reference(string? value, List<Violation> v)
    {
        if (value is null)
        {
            return null;
        }

        // Measured once trimmed, as an activation measures the reference it stores.
        var trimmed = value.Trim();
        var before = v.Count;
        InputChecks.Text(trimmed, "externalRef", 100, v);
        return v.Count == before ? trimmed : null;
    }

    /// <summary>A date filter, held to the dates a body may carry (<see cref="DateJsonConverter"/>).</summary>
    public static void Date(DateOnly? value, string field, List<Violation> v)
    {
        if (value is { } date && !DateJsonConverter.InRange(date))
        {
            v.Add(new Violation("date_out_of_range", field,
                $"'{field}' is between {DateJsonConverter.Earliest:yyyy-MM-dd} and {DateJsonConverter.Latest:yyyy-MM-dd}."));
        }
    }

    public static void Contract(string? value, List<Violation> v)
    {
        if (value is not null && !ContractNumber.IsValid(value))
        {
            v.Add(new Violation("invalid_value", "contract", "'contract' is a contract number: 'A' followed by 11 digits."));
        }
    }
}
