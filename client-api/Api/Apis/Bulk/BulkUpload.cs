using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ActionLogement.Api.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace ActionLogement.Api.Apis.Bulk;

/// <summary>
/// Streams an upload (NDJSON or CSV) into <c>bulk_rows</c> with PostgreSQL COPY as it arrives: memory stays flat
/// whatever the file size. The job becomes QUEUED only when every row is stored.
/// </summary>
public sealed class BulkUpload(NpgsqlDataSource database)
{
    public const int MaxRows = 1_000_000;

    public sealed class TooManyRowsException() : Exception($"An upload holds at most {MaxRows:N0} rows.");

    /// <summary>A file that cannot be read on from some point (a CSV quote left open swallows the rest of it).</summary>
    public sealed class UnreadableFileException(string message) : Exception(message);

    private static readonly string LineTooLong = string.Create(CultureInfo.InvariantCulture,
        $"$: the line is longer than {NdjsonLines.MaxLineChars:N0} characters");

    public async Task<int> StoreAsync(string jobId, string partnerId, IReadOnlyList<string> managed, bool csv, Stream body, CancellationToken ct)
    {
        await using (var create = database.CreateCommand(
            "INSERT INTO bulk_jobs (job_id, partner_id, managed, format, state) VALUES ($1, $2, $3, $4, 'RECEIVING')"))
        {
            create.Parameters.AddWithValue(jobId);
            create.Parameters.AddWithValue(partnerId);
            create.Parameters.AddWithValue(managed.ToArray());
            create.Parameters.AddWithValue(csv ? "csv" : "ndjson");
            await create.ExecuteNonQueryAsync(ct);
        }

        try
        {
            await using var connection = await database.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var total = 0;
            await using (var copy = await connection.BeginBinaryImportAsync("""
                COPY bulk_rows (job_id, line, external_ref, visa_number, tenant_last_name, tenant_first_name, landlord_id, park,
                    zone, address, rent, charges, deposit, signed_on, effective_on, term_months, registered_on, parse_error)
                FROM STDIN (FORMAT BINARY)
                """, ct))
            {
                var rows = csv ? ReadCsvAsync(body, ct) : ReadNdjsonAsync(body, ct);
                await foreach (var row in rows)
                {
                    if (++total > MaxRows)
                    {
                        throw new TooManyRowsException();
                    }

                    await WriteAsync(copy, jobId, row, ct);
                }

                await copy.CompleteAsync(ct);
            }

            await using (var queued = new NpgsqlCommand("UPDATE bulk_jobs SET state = 'QUEUED', total = $2 WHERE job_id = $1", connection, tx))
            {
                queued.Parameters.AddWithValue(jobId);
                queued.Parameters.AddWithValue(total);
                await queued.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
            return total;
        }
        catch (Exception e)
        {
            await using var failed = database.CreateCommand("UPDATE bulk_jobs SET state = 'FAILED', error = $2, finished_at = now() WHERE job_id = $1");
            failed.Parameters.AddWithValue(jobId);
            failed.Parameters.AddWithValue(e is TooManyRowsException or UnreadableFileException ? e.Message : "The upload did not complete.");
            await failed.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
    }

    private static async IAsyncEnumerable<StagedRow> ReadNdjsonAsync(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
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
            yield return ReadNdjsonLine(line, text);
        }
    }

    private static StagedRow ReadNdjsonLine(int line, string text)
    {
        using var document = TryParse(text, out var error);
        if (document?.RootElement.ValueKind != JsonValueKind.Object)
        {
            return new StagedRow { Line = line, ParseError = error ?? "$: not a JSON object" };
        }

        try
        {
            return RowFields.Read(line, RowFields.FromJson(document.RootElement));
        }
        catch (InvalidOperationException)
        {
            // Looking a field up unescapes the property names it is compared with, and one escaped as an unpaired
            // surrogate ("\ud800") throws there; values are read apart and fail naming their field (RowFields).
            return new StagedRow { Line = line, ParseError = UnreadableName };
        }
    }

    private const string UnreadableName = "$: a property name is not valid Unicode text (an unpaired surrogate)";

    // A field given twice would otherwise be read as its last value, silently.
    private static readonly JsonDocumentOptions RowJson = new() { AllowDuplicateProperties = false };

    private static JsonDocument? TryParse(string text, out string? error)
    {
        error = null;
        try
        {
            return JsonDocument.Parse(text, RowJson);
        }
        catch (JsonException e)
        {
            error = DuplicateField(e.Message) is { } name ? $"{name}: appears more than once" : null;
            return null;
        }
        catch (InvalidOperationException)
        {
            // Seeking duplicates unescapes every property name, and one escaped as an unpaired surrogate throws.
            error = UnreadableName;
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

        var name = message[Start.Length..end];
        return TextCharacters.IndexOfRefused(name, multiLine: false) < 0 ? TextCharacters.Prefix(name, 40) : "a field";
    }

    private static async IAsyncEnumerable<StagedRow> ReadCsvAsync(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
            // Bounds what one field can hold in memory: past an unclosed quote, the rest of the file is one field.
            MaxFieldSize = NdjsonLines.MaxLineChars,
        };
        using var csv = new CsvReader(reader, configuration);
        if (!await ReadCsvRowAsync(csv))
        {
            yield break;
        }

        csv.ReadHeader();
        var columns = (csv.HeaderRecord ?? [])
            .Select((name, index) => (Name: RowFields.NormalizeHeader(name), Index: index))
            .GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Index, StringComparer.OrdinalIgnoreCase);
        var line = 0;
        while (await ReadCsvRowAsync(csv))
        {
            ct.ThrowIfCancellationRequested();
            line++;
            yield return RowFields.Read(line, name =>
                columns.TryGetValue(name, out var index) && index < csv.Parser.Count ? csv.Parser[index] : null);
        }
    }

    private static async Task<bool> ReadCsvRowAsync(CsvReader csv)
    {
        // The line the next row starts on: the one to look at when the row turns out unreadable.
        var line = csv.Parser.RawRow + 1;
        try
        {
            return await csv.ReadAsync();
        }
        catch (MaxFieldSizeException)
        {
            throw new UnreadableFileException(string.Create(CultureInfo.InvariantCulture,
                $"The row that starts on line {line} of the file holds a field longer than {NdjsonLines.MaxLineChars:N0} characters (a quote left open?). Nothing was imported."));
        }
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter copy, string jobId, StagedRow r, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(jobId, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(r.Line, NpgsqlDbType.Integer, ct);
        foreach (var text in new[] { r.ExternalRef, r.VisaNumber, r.TenantLastName, r.TenantFirstName, r.LandlordId, r.Park, r.Zone, r.Address })
        {
            await WriteNullableAsync(copy, text, NpgsqlDbType.Text, ct);
        }

        await WriteNullableAsync(copy, r.Rent, NpgsqlDbType.Numeric, ct);
        await WriteNullableAsync(copy, r.Charges, NpgsqlDbType.Numeric, ct);
        await WriteNullableAsync(copy, r.Deposit, NpgsqlDbType.Numeric, ct);
        await WriteNullableAsync(copy, r.SignedOn, NpgsqlDbType.Date, ct);
        await WriteNullableAsync(copy, r.EffectiveOn, NpgsqlDbType.Date, ct);
        await WriteNullableAsync(copy, r.TermMonths, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(copy, r.RegisteredOn, NpgsqlDbType.Date, ct);
        await WriteNullableAsync(copy, r.ParseError, NpgsqlDbType.Text, ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);
}
