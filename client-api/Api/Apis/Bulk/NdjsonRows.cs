using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ActionLogement.Api.Apis.Bulk;

/// <summary>
/// The rows of an NDJSON upload, one JSON object a line (<see cref="NdjsonLines"/> bounds a line). A line that cannot be
/// read becomes a row with its error: not JSON, not an object, a field given twice or unknown, too long.
/// </summary>
internal static class NdjsonRows
{
    private static readonly string LineTooLong = string.Create(CultureInfo.InvariantCulture,
        $"$: the line is longer than {NdjsonLines.MaxLineChars:N0} characters");

    public static async IAsyncEnumerable<StagedRow> ReadAsync(Stream body, Encoding encoding, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(body, encoding, detectEncodingFromByteOrderMarks: false);
        var line = 0;
        await foreach (var text in NdjsonLines.ReadAsync(reader, ct))
        {
            if (text is null)
            {
                yield return new StagedRow { Line = ++line, ParseError = LineTooLong };
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            line++;
            yield return ReadLine(line, text);
        }
    }

    private static StagedRow ReadLine(int line, string text)
    {
        using var document = TryParse(text, out var error, out var twice);
        if (document?.RootElement.ValueKind != JsonValueKind.Object)
        {
            return new StagedRow { Line = line, ParseError = error ?? "$: not a JSON object", ExternalRef = twice is null ? null : ReferenceOf(line, text, twice) };
        }

        // Every property name was unescaped by the parse (it sought duplicates), so looking fields up cannot throw here.
        var row = RowFields.Read(line, RowFields.FromJson(document.RootElement));
        if (RowFields.ShapeError(document.RootElement) is { } shape)
        {
            row.ParseError = shape;
        }
        else if (text.Contains(UploadCharset.Unreadable))
        {
            row.ParseError = UploadCharset.UnreadableError;
        }

        return row;
    }

    private const string UnreadableName = "$: a property name is not valid Unicode text (an unpaired surrogate)";

    // A field given twice would otherwise be read as its last value, silently.
    private static readonly JsonDocumentOptions RowJson = new() { AllowDuplicateProperties = false };

    private static JsonDocument? TryParse(string text, out string? error, out string? twice)
    {
        (error, twice) = (null, null);
        try
        {
            return JsonDocument.Parse(text, RowJson);
        }
        catch (JsonException e)
        {
            twice = DuplicateField(e.Message);
            error = twice is { } name ? $"{name}: appears more than once" : null;
            return null;
        }
        catch (InvalidOperationException)
        {
            // Seeking duplicates unescapes every property name, and one escaped as an unpaired surrogate ("\ud800") throws;
            // values are read apart and fail naming their field (RowFields).
            error = UnreadableName;
            return null;
        }
    }

    /// <summary>
    /// The reference of a row refused for a field given twice, so that its result still names it (unless the reference
    /// is the field given twice: then which one is unknown).
    /// </summary>
    private static string? ReferenceOf(int line, string text, string twice)
    {
        if (twice == "externalRef")
        {
            return null;
        }

        try
        {
            using var lenient = JsonDocument.Parse(text);
            return RowFields.Read(line, RowFields.FromJson(lenient.RootElement)).ExternalRef;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The field the reader found twice, from its message ("Duplicate property 'rent' encountered during
    /// deserialization."): the reader's other messages quote the line's bytes and are not passed on. A name that is
    /// not plain text is not repeated either.
    /// </summary>
    private static string? DuplicateField(string message)
    {
        const string Start = "Duplicate property '", End = "' encountered";
        var end = message.LastIndexOf(End, StringComparison.Ordinal);
        if (!message.StartsWith(Start, StringComparison.Ordinal) || end < Start.Length)
        {
            return null;
        }

        return RowFields.ForMessage(message[Start.Length..end]);
    }
}
