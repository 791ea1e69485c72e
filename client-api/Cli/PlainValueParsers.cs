using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ActionLogement.Cli;

/// <summary>
/// Dates, amounts and whole numbers read the way the API writes them (2026-03-01, 834.50, 12), whatever the machine's
/// culture, and refused in those words: System.CommandLine's own message names the .NET type
/// ("System.Nullable`1[System.Int32]").
/// </summary>
public static class PlainValueParsers
{
    private static readonly Dictionary<Option, (int Min, int Max)> Ranges = [];

    /// <summary>The whole numbers this option takes, said in its refusal (and checked here, before any request).</summary>
    public static T Within<T>(this T option, int min, int max)
        where T : Option
    {
        Ranges[option] = (min, max);
        return option;
    }

    private static readonly Dictionary<Option, string[]> Choices = [];

    /// <summary>
    /// The only values this option takes, as the API spells them (any letter case is taken): anything else is refused
    /// here with the list, where the API would say only "Invalid value".
    /// </summary>
    public static T OneOf<T>(this T option, params string[] values)
        where T : Option
    {
        Choices[option] = values;
        var list = string.Join('|', values);
        if (list.Length <= 40)
        {
            option.HelpName ??= list;
        }
        else
        {
            option.Description = (option.Description is { } said ? said + ": " : "") + "one of " + string.Join(", ", values);
        }

        return option;
    }

    public static void ApplyTo(Command command)
    {
        // Every argument of this CLI is an id that goes into a request's path: checked here, it cannot be empty (the
        // path would then name the list) nor carry '/', '?' or '..' to another address.
        foreach (var argument in command.Arguments)
        {
            if (argument is Argument<string> id)
            {
                id.CustomParser = r => Id(r, argument.Name);
            }
        }

        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<DateOnly?> date:
                    date.CustomParser = r => Date(r, option.Name);
                    date.HelpName ??= "YYYY-MM-DD";
                    break;
                case Option<DateOnly> date:
                    date.CustomParser = r => Date(r, option.Name) ?? default;
                    date.HelpName ??= "YYYY-MM-DD";
                    break;
                case Option<string> text when Choices.TryGetValue(option, out var values):
                    text.CustomParser = r => Choice(r, option.Name, values);
                    break;
                case Option<decimal?> amount:
                    amount.CustomParser = r => Amount(r, option.Name);
                    break;
                case Option<decimal> amount:
                    amount.CustomParser = r => Amount(r, option.Name) ?? default;
                    break;
                case Option<int?> number:
                    number.CustomParser = r => Integer(r, option);
                    break;
                case Option<int> number:
                    number.CustomParser = r => Integer(r, option) ?? default;
                    break;
            }
        }

        foreach (var subcommand in command.Subcommands)
        {
            ApplyTo(subcommand);
        }
    }

    private static DateOnly? Date(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = Single(result);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        result.AddError($"{name} '{text}': expected a date as YYYY-MM-DD, e.g. 2026-03-01.");
        return null;
    }

    private static decimal? Amount(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = Single(result);
        if (TryAmount(text, out var amount))
        {
            return amount;
        }

        result.AddError($"{name} '{text}': expected a number with a point for decimals, e.g. 834.50.");
        return null;
    }

    private static string? Choice(ArgumentResult result, string name, string[] values)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = Single(result);
        if (values.FirstOrDefault(v => v.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } value)
        {
            return value;
        }

        result.AddError($"{name} '{text}': expected one of {string.Join(", ", values)}.");
        return null;
    }

    private static int? Integer(ArgumentResult result, Option option)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = Single(result);
        var range = Ranges.TryGetValue(option, out var r) ? r : ((int Min, int Max)?)null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && (range is not { } bounds || (number >= bounds.Min && number <= bounds.Max)))
        {
            return number;
        }

        result.AddError(range is { } b
            ? $"{option.Name} '{text}': expected a whole number from {b.Min:D} to {b.Max:D}."
            : $"{option.Name} '{text}': expected a whole number, e.g. 12.");
        return null;
    }

    /// <summary>A month as the API writes it: YYYY-MM, the month 01 to 12 (2026-3 and 2026-13 are not months).</summary>
    public static bool IsMonth(string text) =>
        text.Length == 7 && text[4] == '-' && text.Take(4).All(char.IsAsciiDigit)
        && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12;

    public static string NotAMonth(string option, string text) =>
        $"{option} '{text}': expected a month as YYYY-MM (month 01 to 12), e.g. 2026-03.";

    /// <summary>An amount as the API writes it: a point for decimals, no thousands separator ("800,00" is not 80000).</summary>
    public static bool TryAmount(string text, out decimal amount) =>
        decimal.TryParse(text, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out amount);

    private static string Id(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 0 ? "" : Single(result);
        if (text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return text;
        }

        result.AddError($"{name} '{text}': expected an id of letters, digits and '-', e.g. A10000000001.");
        return text;
    }

    private static string Single(ArgumentResult result) => result.Tokens[^1].Value;
}
