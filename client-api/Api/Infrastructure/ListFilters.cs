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

        var before = v.Count;
        InputChecks.Text(value, "externalRef", 100, v);
        return v.Count == before ? value.Trim() : null;
    }

    public static void Contract(string? value, List<Violation> v)
    {
        if (value is not null && !ContractNumber.IsValid(value))
        {
            v.Add(new Violation("invalid_value", "contract", "'contract' is a contract number: 'A' followed by 11 digits."));
        }
    }
}
