namespace ActionLogement.Domain;

/// <summary>A calendar month, written "2026-03" on the wire.</summary>
public readonly record struct YearMonth : IComparable<YearMonth>
{
    public YearMonth(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    public static YearMonth From(DateOnly date) => new(date.Year, date.Month);

    public static YearMonth Parse(string text) =>
        TryParse(text, out var month) ? month : throw new FormatException($"'{text}' is not a month in the form yyyy-MM.");

    /// <summary>Accepts exactly "yyyy-MM" (four-digit year, two-digit month 01-12), nothing looser.</summary>
    public static bool TryParse(string? text, out YearMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !text.AsSpan(0, 4).ContainsOnlyDigits() || !text.AsSpan(5, 2).ContainsOnlyDigits())
        {
            return false;
        }

        var year = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var m = int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture);
        if (year < 1 || m is < 1 or > 12)
        {
            return false;
        }

        month = new YearMonth(year, m);
        return true;
    }

    public static int MonthsBetween(YearMonth from, YearMonth to) => (to.Year - from.Year) * 12 + to.Month - from.Month;

    public YearMonth AddMonths(int months)
    {
        var index = Year * 12 + (Month - 1) + months;
        return new YearMonth(index / 12, index % 12 + 1);
    }

    public int CompareTo(YearMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public override string ToString()
    {
        var i = (Year - FirstSharedYear) * 12 + Month - 1;
        return (uint)i < (uint)SharedTexts.Length ? SharedTexts[i] ??= Text() : Text();
    }

    private string Text() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    // A contract keeps the month of each payout as text, for years: one string per month of these years, shared by all,
    // rather than one more object per payout. Two threads may both create one; either will do.
    private const int FirstSharedYear = 2000;
    private static readonly string?[] SharedTexts = new string?[100 * 12];

    public void Deconstruct(out int year, out int month)
    {
        year = Year;
        month = Month;
    }

    public static bool operator <(YearMonth left, YearMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(YearMonth left, YearMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(YearMonth left, YearMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(YearMonth left, YearMonth right) => left.CompareTo(right) >= 0;
}

internal static class DigitSpans
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');
}
