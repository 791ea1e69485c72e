using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionLogement.Api.Infrastructure;

/// <summary>Months travel as <c>"2026-03"</c>.</summary>
public sealed class YearMonthJsonConverter : JsonConverter<YearMonth>
{
    public override YearMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && YearMonth.TryParse(reader.GetString(), out var month)
            ? month
            : throw new JsonException("A month is written \"YYYY-MM\".");

    public override void Write(Utf8JsonWriter writer, YearMonth value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

/// <summary>
/// Money is written with two decimals (<c>834.50</c>); every decimal of this API is an amount in euros, but for the rates
/// that say otherwise (<see cref="RateJsonConverter"/>).
/// </summary>
public sealed class MoneyJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadExact(ref reader, 2, "An amount is a JSON number.", "invalid_amount", "An amount has at most 2 decimals.");

    /// <summary>
    /// A JSON number of at most <paramref name="places"/> decimals. Judged on the number as written: a decimal keeps 28 or 29
    /// digits and rounds the rest away, so that 1999.999999999999999999999999999999 would be read as 2000 and 1e-400 as 0,
    /// each passing the check.
    /// </summary>
    internal static decimal ReadExact(ref Utf8JsonReader reader, int places, string notANumber, string code, string tooPrecise)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
        {
            throw new JsonException(notANumber);
        }

        return AtMostDecimals(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan, places)
            ? value
            : throw new JsonInputException(code, tooPrecise);
    }

    /// <summary>
    /// Whether a JSON number's exact value has at most <paramref name="places"/> decimals (for two: 1.50, 1.500, 2.5e1 do;
    /// 1.005, 1e-3 do not).
    /// </summary>
    internal static bool AtMostDecimals(ReadOnlySpan<byte> number, int places)
    {
        var e = number.IndexOfAny((byte)'e', (byte)'E');
        var mantissa = e < 0 ? number : number[..e];
        if (!mantissa.ContainsAnyInRange((byte)'1', (byte)'9'))
        {
            return true; // zero, however written
        }

        var dot = mantissa.IndexOf((byte)'.');
        var decimals = dot < 0 ? 0 : mantissa[(dot + 1)..].TrimEnd((byte)'0').Length;
        if (e < 0)
        {
            return decimals <= places;
        }

        // An exponent too large for an int is also too large for an amount: decimal reading has refused it already.
        var written = number[(e + 1)..];
        written = written.StartsWith((byte)'+') ? written[1..] : written;
        return System.Buffers.Text.Utf8Parser.TryParse(written, out int exponent, out var read) && read == written.Length
            && (long)decimals - exponent <= places;
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteRawValue(Money.Round(value).ToString("0.00", CultureInfo.InvariantCulture));
}

/// <summary>
/// A rate, a fraction such as a wear grid's 0.3333: not money, so not held to two decimals, but to four (a hundredth of
/// a percent), which any grid's figure fits.
/// </summary>
public sealed class RateJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        MoneyJsonConverter.ReadExact(ref reader, 4, "A rate is a JSON number.", "invalid_value", "A rate is a fraction with at most 4 decimals (0.3333).");

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}

/// <summary>
/// A value the JSON reader could parse but this API does not take, refused with its own rule code (the field comes
/// from the reader's path). Being a <see cref="JsonException"/>, it stops deserialization like any malformed input.
/// </summary>
public sealed class JsonInputException(string code, string message) : JsonException(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Every text of a JSON body is checked here, by the rule of <see cref="TextCharacters"/>. Which field is free text is not
/// known here, so tabs and line breaks pass (notes, reasons); unpaired surrogates are refused by the reader itself.
/// </summary>
public sealed class TextJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("A text is a JSON string.");
        var refused = TextCharacters.IndexOfRefused(text, multiLine: true);
        return refused < 0 ? text : throw new JsonInputException("invalid_value", $"The text {TextCharacters.Describe(text, refused)}.");
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}

/// <summary>
/// Dates travel as <c>"2026-03-01"</c>, between 1900 and 2199: outside that no date of this domain makes sense, and
/// the rules add months and years to dates they are given.
/// </summary>
public sealed class DateJsonConverter : JsonConverter<DateOnly>
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2199, 12, 31);

    public static bool InRange(DateOnly date) => date >= Earliest && date <= Latest;

    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String
            || !DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new JsonException("A date is written \"YYYY-MM-DD\".");
        }

        return !InRange(date)
            ? throw new JsonInputException("date_out_of_range", $"A date is between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.")
            : date;
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
