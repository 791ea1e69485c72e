using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using static ActionLogement.Api.Apis.Bulk.BulkUpload;

namespace ActionLogement.Api.Apis.Bulk;

/// <summary>
/// The rows of a CSV upload (CsvHelper), read by the header's column names. A row that cannot be read becomes a row with
/// its error; a header or a quote that would misread the rows after it refuses the file (<see cref="UnreadableFileException"/>).
/// </summary>
internal static class CsvRows
{
    public static async IAsyncEnumerable<StagedRow> ReadAsync(Stream body, Encoding encoding, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(body, encoding, detectEncodingFromByteOrderMarks: false);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            // A stray quote inside a field is taken as it is; a quote opened and never closed swallows the lines after
            // it into one field (silently losing their rows), which refuses the file.
            BadDataFound = bad =>
            {
                if (bad.Field.StartsWith('"') && bad.Field.AsSpan().IndexOfAny('\n', '\r') >= 0)
                {
                    throw new UnclosedQuoteException();
                }
            },
            MissingFieldFound = null,
            // Blank lines are skipped below rather than by CsvHelper, which counts them into the next row's lines: the
            // line an unreadable row starts on would be named too early.
            IgnoreBlankLines = false,
            TrimOptions = TrimOptions.Trim,
            // Bounds what one field can hold in memory: past an unclosed quote, the rest of the file is one field.
            MaxFieldSize = NdjsonLines.MaxLineChars,
        };
        using var csv = new CsvReader(reader, configuration);
        if (await ReadCsvRowAsync(csv) is not { } headerLine)
        {
            yield break;
        }

        var columns = ReadCsvHeader(csv, headerLine);
        var line = 0;
        while (await ReadCsvRowAsync(csv) is { } start)
        {
            ct.ThrowIfCancellationRequested();
            yield return ReadCsvFields(csv, columns, ++line, start);
        }
    }

    /// <summary>Reads the next row that is not a blank line: the line of the file it starts on, or null at the end.</summary>
    private static async Task<int?> ReadCsvRowAsync(CsvReader csv)
    {
        while (true)
        {
            // RawRow counts the lines read so far: the next row starts on the line after them.
            var start = csv.Parser.RawRow + 1;
            if (!await ReadCsvRowAsync(csv, start))
            {
                return null;
            }

            if (csv.Parser.RawRecord.AsSpan().TrimStart("\r\n").Length > 0)
            {
                return start;
            }
        }
    }

    private static async Task<bool> ReadCsvRowAsync(CsvReader csv, int start)
    {
        try
        {
            return await csv.ReadAsync();
        }
        catch (MaxFieldSizeException)
        {
            throw new UnreadableFileException(string.Create(CultureInfo.InvariantCulture,
                $"The row that starts on line {start} of the file holds a field longer than {NdjsonLines.MaxLineChars:N0} characters (a quote left open?). Nothing was imported."));
        }
    }

    /// <summary>The columns by name; a header that would misread the rows refuses the file.</summary>
    private static Dictionary<string, int> ReadCsvHeader(CsvReader csv, int start)
    {
        try
        {
            csv.ReadHeader();
        }
        catch (UnclosedQuoteException)
        {
            throw UnclosedQuote(start);
        }

        if (RowFields.HeaderError(csv.HeaderRecord ?? []) is { } header)
        {
            throw new UnreadableFileException($"The header {header}. Nothing was imported.");
        }

        return (csv.HeaderRecord ?? [])
            .Select((name, index) => (Name: RowFields.NormalizeHeader(name), Index: index))
            .ToDictionary(c => c.Name, c => c.Index, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The fields of the row just read. CsvHelper judges a field as it is taken, so an unclosed quote shows here, with
    /// the lines after it already in the field.
    /// </summary>
    private static StagedRow ReadCsvFields(CsvReader csv, Dictionary<string, int> columns, int line, int start)
    {
        try
        {
            var row = RowFields.Read(line, name => columns.TryGetValue(name, out var index) && index < csv.Parser.Count ? csv.Parser[index] : null);
            if (csv.Parser.Count > columns.Count)
            {
                // A field the header does not name would be dropped; most often a decimal comma split an amount in two.
                row.ParseError ??= string.Create(CultureInfo.InvariantCulture,
                    $"{csv.Parser.Count} fields where the header names {columns.Count} (an unquoted comma in a value?)");
            }

            if (csv.Parser.Record?.Any(field => field.Contains(UploadCharset.Unreadable)) == true)
            {
                row.ParseError ??= UploadCharset.UnreadableError;
            }

            return row;
        }
        catch (UnclosedQuoteException)
        {
            throw UnclosedQuote(start);
        }
    }

    private static UnreadableFileException UnclosedQuote(int start) => new(
        $"The row that starts on line {start} of the file opens a quote that is never closed: the lines after it would be one field. Nothing was imported.");

    private sealed class UnclosedQuoteException : Exception;
}
