using System.Globalization;
using System.Text.Json;
using ActionLogement.Api.Infrastructure;

namespace ActionLogement.Api.Apis.Bulk;

/// <summary>
/// Reads the columns of a bulk row (the names of API.md, lease fields flat or as <c>lease.x</c>) into a
/// <see cref="StagedRow"/>. The first column that does not parse becomes the row's error; the row is kept.
/// </summary>
public static class RowFields
{
    private static readonly string[] RequiredText = ["externalRef", "visaNumber", "tenantLastName", "landlordId", "park", "zone", "address"];

    /// <summary>Every column a row may have; in NDJSON the lease's may also sit in a <c>lease</c> object.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "externalRef", "visaNumber", "tenantLastName", "tenantFirstName", "landlordId", "park", "zone", "address", "rent", "charges",
        "deposit", "signedOn", "effectiveOn", "termMonths", "registeredOn",
    };

    /// <summary>
    /// What makes an NDJSON row ambiguous, or null: a field this API does not know (a misspelt <c>charge</c> would
    /// otherwise leave charges at 0), or one given both flat and in <c>lease</c> (one of them would be ignored).
    /// </summary>
    public static string? ShapeError(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "lease" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inLease in property.Value.EnumerateObject())
                {
                    if (!Names.Contains(inLease.Name))
                    {
                        return $"lease.{ForMessage(inLease.Name)}: unknown field";
                    }

                    if (root.TryGetProperty(inLease.Name, out _))
                    {
                        return $"{inLease.Name}: given twice (flat and in lease)";
                    }
                }
            }
            else if (!Names.Contains(property.Name))
            {
                return $"{ForMessage(property.Name)}: unknown field";
            }
        }

        return null;
    }

    /// <summary>
    /// What makes a CSV header unusable, or null: a column this API does not know, or one named twice (<c>rent</c> and
    /// <c>lease.rent</c> are the same column). It holds for every row, so it refuses the file.
    /// </summary>
    public static string? HeaderError(IReadOnlyList<string> header)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in header.Select(NormalizeHeader))
        {
            if (!Names.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                return $"names a column this API does not know: '{ForMessage(column)}' (the columns are {string.Join(", ", Names)})";
            }

            if (!seen.Add(column))
            {
                return $"names the column '{column}' twice";
            }
        }

        return null;
    }

    /// <summary>A name the sender chose, fit to quote in a message stored in PostgreSQL.</summary>
    public static string ForMessage(string name) =>
        TextCharacters.IndexOfRefused(name, multiLine: false) < 0 ? TextCharacters.Prefix(name, 40) : "(a name with a control character)";

    public static StagedRow Read(int line, Func<string, string?> field)
    {
        var row = new StagedRow { Line = line };

        // Every value is checked before it is kept or quoted in a message: both end up in PostgreSQL text columns.
        string? Value(string name, bool multiLine = false)
        {
            var value = field(name)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            var refused = TextCharacters.IndexOfRefused(value, multiLine);
            if (refused >= 0)
            {
                row.ParseError ??= $"{name}: {TextCharacters.Describe(value, refused)}";
                return null;
            }

            return value;
        }

        string? Text(string name, int max, bool multiLine = false)
        {
            var value = Value(name, multiLine);
            if (value is null)
            {
                if (RequiredText.Contains(name))
                {
                    row.ParseError ??= $"{name}: required";
                }

                return null;
            }

            if (value.Length > max)
            {
                row.ParseError ??= $"{name}: at most {max} characters";

                // The partner matches results by its own reference: give back the start of it rather than nothing. The
                // ellipsis makes it one character longer than any accepted reference, so it is never taken for one.
                return name == "externalRef" ? TextCharacters.Prefix(value, max) + "…" : null;
            }

            return value;
        }

        // The message says what the column takes: a decimal comma or a French date is the usual slip.
        T? Parsed<T>(string name, Func<string, T?> parse, string expected) where T : struct
        {
            var value = Value(name);
            if (value is null)
            {
                return null;
            }

            var parsed = parse(value);
            if (parsed is null)
            {
                row.ParseError ??= $"{name}: cannot read '{TextCharacters.Prefix(value, 40)}' ({expected})";
            }

            return parsed;
        }

        decimal? Amount(string name) => Parsed(name, Money, "an amount in euros such as 650.00: a point, at most two decimals");

        DateOnly? Day(string name) => Parsed(name, Date, "a date such as 2026-09-01, from 1990 to 2100");

        row.ExternalRef = Text("externalRef", 100);
        row.VisaNumber = Text("visaNumber", 20);
        row.TenantLastName = Text("tenantLastName", 100);
        row.TenantFirstName = Text("tenantFirstName", 100);
        row.LandlordId = Text("landlordId", 50);
        if (row.LandlordId is { } landlordId && !TextCharacters.IsVisibleId(landlordId))
        {
            row.ParseError ??= "landlordId: an id of visible characters, without spaces";
        }

        row.Park = Text("park", 30)?.ToUpperInvariant();
        row.Zone = Text("zone", 10)?.ToUpperInvariant();

        // An address is free text and may span lines (a quoted CSV field, a pasted label); names and identifiers may not.
        row.Address = Text("address", 300, multiLine: true);
        row.Rent = Amount("rent");
        row.Charges = Amount("charges") ?? (row.ParseError is null ? 0m : null);
        row.Deposit = Amount("deposit") ?? (row.ParseError is null ? 0m : null);
        row.SignedOn = Day("signedOn");
        row.EffectiveOn = Day("effectiveOn");
        row.TermMonths = Parsed("termMonths", s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 1200 ? v : (int?)null,
            "a whole number of months, from 1 to 1200");
        row.RegisteredOn = Day("registeredOn");
        if (row.Rent is null)
        {
            row.ParseError ??= "rent: required";
        }

        if (row.SignedOn is null || row.EffectiveOn is null)
        {
            row.ParseError ??= row.SignedOn is null ? "signedOn: required" : "effectiveOn: required";
        }

        return row;
    }

    /// <summary>Field lookup over a parsed NDJSON line: flat names, or lease fields under <c>lease</c>.</summary>
    public static Func<string, string?> FromJson(JsonElement root) => name =>
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty(name, out var value) || (root.TryGetProperty("lease", out var lease)
            && lease.ValueKind == JsonValueKind.Object && lease.TryGetProperty(name, out value)))
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => StringOf(value),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Null => null,
                _ => value.GetRawText(),
            };
        }

        return null;
    };

    // GetString refuses a string whose escapes leave a surrogate unpaired ("\ud800"). Read gets one lone surrogate in
    // its place, which it refuses like any other unpaired surrogate, naming the field.
    private static string StringOf(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return UnpairedSurrogate;
        }
    }

    private const string UnpairedSurrogate = "\ud800";

    /// <summary>CSV headers may say <c>lease.rent</c> or <c>rent</c>; both name the same column.</summary>
    public static string NormalizeHeader(string header)
    {
        var name = header.Trim();
        return name.StartsWith("lease.", StringComparison.OrdinalIgnoreCase) ? name["lease.".Length..] : name;
    }

    // A sign is read, so that a negative amount is refused by the activation rules as invalid_amount, as a single
    // activation's is, rather than as a row that cannot be read.
    private static decimal? Money(string s) =>
        decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
        && Math.Abs(v) <= 10_000_000 && decimal.Round(v, 2) == v ? v : null;

    private static DateOnly? Date(string s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        && d.Year is >= 1990 and <= 2100 ? d : null;
}
