namespace ActionLogement.Api.Infrastructure;

/// <summary>The shape checks every endpoint shares (400 <c>invalid_value</c> / <c>invalid_amount</c>).</summary>
public static class InputChecks
{
    public static void Text(string value, string field, int max, List<Violation> v)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            v.Add(new Violation("invalid_value", field, $"'{field}' is 1 to {max} characters."));
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

    /// <summary>An optional amount: checked like <see cref="Amount"/> when given.</summary>
    public static void Amount(decimal? amount, string field, List<Violation> v)
    {
        if (amount is { } given)
        {
            Amount(given, field, v);
        }
    }
}
