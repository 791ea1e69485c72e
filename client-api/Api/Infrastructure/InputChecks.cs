using System.Text;

namespace ActionLogement.Api.Infrastructure;

/// <summary>The shape checks every endpoint shares (400 <c>invalid_value</c> / <c>invalid_amount</c>).</summary>
public static class InputChecks
{
    /// <summary>
    /// A text of 1 to <paramref name="max"/> characters; one line (no tab, no line break) unless <paramref name="multiLine"/>
    /// (free text: an address, a note), as a file row's fields are read.
    /// </summary>
    public static void Text(string value, string field, int max, List<Violation> v, bool multiLine = false)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            v.Add(new Violation("invalid_value", field, $"'{field}' is 1 to {max} characters."));
        }
        else if (!multiLine && TextCharacters.IndexOfRefused(value, multiLine: false) is >= 0 and var at)
        {
            v.Add(new Violation("invalid_value", field, $"'{field}' {TextCharacters.Describe(value, at)}: it is one line of text."));
        }
    }

    /// <summary>An id of 1 to <paramref name="max"/> visible characters (<see cref="TextCharacters.IsVisibleId"/>).</summary>
    public static void Id(string value, string field, int max, List<Violation> v)
    {
        if (value.Length is 0 || value.Length > max || !TextCharacters.IsVisibleId(value))
        {
            v.Add(new Violation("invalid_value", field, $"'{field}' is an id of 1 to {max} visible characters, without spaces."));
        }
    }

    public static void Amount(decimal amount, string field, List<Violation> v, bool positive = false)
    {
        if (amount < 0 || (positive && amount == 0) || amount > 10_000_000 || decimal.Round(amount, 2) != amount)
        {
            v.Add(new Violation("invalid_amount", field,
                $"'{field}' must be {(positive ? "above" : "at least")} 0, at most 10,000,000, with at most 2 decimals."));
        }
    }

    /// <summary>
    /// A list filter naming one member of <typeparamref name="T"/> as the API spells it (<c>PLAN_ACTIVE</c>); returns that
    /// spelling, or null when the filter is absent or refused. Letter case aside, as the lists have always taken
    /// <c>status=pending</c>; but nothing else: no number, no C# name, no comma list (which is also what two values of
    /// the parameter arrive as).
    /// </summary>
    public static string? OneOf<T>(string? value, string field, List<Violation> v) where T : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        foreach (var name in ApiSpelling<T>.All)
        {
            if (Ascii.EqualsIgnoreCase(value, name))
            {
                return name;
            }
        }

        v.Add(new Violation("invalid_value", field, $"'{field}' is one of {string.Join(", ", ApiSpelling<T>.All)}."));
        return null;
    }

    /// <summary>The page size of every list.</summary>
    public static void Limit(int limit, List<Violation> v)
    {
        if (limit is < 1 or > 500)
        {
            v.Add(new Violation("invalid_value", "limit", "'limit' is 1 to 500."));
        }
    }

    /// <summary>
    /// A page cursor is the <c>next</c> of an earlier page. One of another shape was made up or cut short, and would
    /// otherwise restart the list or end it without a word.
    /// </summary>
    public static void Cursor(string? after, Func<string, bool> isValid, List<Violation> v)
    {
        if (after is not null && !isValid(after))
        {
            v.Add(new Violation("invalid_value", "after", "'after' is the 'next' of a previous page, as given."));
        }
    }

    /// <summary>An optional amount: checked like <see cref="Amount"/> when given.</summary>
    public static void Amount(decimal? amount, string field, List<Violation> v)
    {
        if (amount is { } given)
        {
            Amount(given, field, v);
        }
    }
}
