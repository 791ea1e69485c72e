using System.Globalization;
using System.Text.Json;

namespace ActionLogement.Api.Apis.Bulk;

/// <summary>
/// Reads the columns of a bulk row (the names of API.md, lease fields flat or as <c>lease.x</c>) into a
/// <see cref="StagedRow"/>. The first column that does not parse becomes the row's error; the row is kept.
/// </summary>
public static class RowFields
{
    private static readonly string[] RequiredText = ["externalRef", "visaNumber", "tenantLastName", "landlordId", "park", "zone", "address"];

    public static StagedRow Read(int line, Func<string, string?> field)
    {
        var row = new StagedRow { Line = line };
        string? Text(string name, int max)
        {
            var value = field(name)?.Trim();
            if (string.IsNullOrEmpty(value))
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
                return null;
            }

            return value;
        }

        T? Parsed<T>(string name, Func<string, T?> parse) where T : struct
        {
            var value = field(name)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            var parsed = parse(value);
            if (parsed is null)
            {
                row.ParseError ??= $"{name}: cannot read '{(value.Length > 40 ? value[..40] : value)}'";
            }

            return parsed;
        }

        row.ExternalRef = Text("externalRef", 100);
        row.VisaNumber = Text("visaNumber", 20);
        row.TenantLastName = Text("tenantLastName", 100);
        row.TenantFirstName = Text("tenantFirstName", 100);
        row.LandlordId = Text("landlordId", 50);
        row.Park = Text("park", 30)?.ToUpperInvariant();
        row.Zone = Text("zone", 10)?.ToUpperInvariant();
        row.Address = Text("address", 300);
        row.Rent = Parsed("rent", Money);
        row.Charges = Parsed("charges", Money) ?? (row.ParseError is null ? 0m : null);
        row.Deposit = Parsed("deposit", Money) ?? (row.ParseError is null ? 0m : null);
        row.SignedOn = Parsed("signedOn", Date);
        row.EffectiveOn = Parsed("effectiveOn", Date);
        row.TermMonths = Parsed("termMonths", s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 1200 ? v : (int?)null);
        row.RegisteredOn = Parsed("registeredOn", Date);
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
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Null => null,
                _ => value.GetRawText(),
            };
        }

        return null;
    };

    /// <summary>CSV headers may say <c>lease.rent</c> or <c>rent</c>; both name the same column.</summary>
    public static string NormalizeHeader(string header)
    {
        var name = header.Trim();
        return name.StartsWith("lease.", StringComparison.OrdinalIgnoreCase) ? name["lease.".Length..] : name;
    }

    private static decimal? Money(string s) =>
        decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v)
        && v <= 10_000_000 && decimal.Round(v, 2) == v ? v : null;

    private static DateOnly? Date(string s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        && d.Year is >= 1990 and <= 2100 ? d : null;
}
