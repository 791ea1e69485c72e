using System.Text;
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

    /// <summary>A file without a row (empty, or a CSV header alone): no job to run, so none is created.</summary>
    public sealed class EmptyFileException() : Exception("The file holds no rows: nothing to activate.");

    public async Task<int> StoreAsync(string jobId, string partnerId, IReadOnlyList<string> managed, bool csv, Stream body, Encoding encoding,
        CancellationToken ct)
    {
        // One transaction from the job's row to its last staged row: a refused or interrupted upload leaves nothing
        // behind (its job id was never given to anyone).
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand(
            "INSERT INTO bulk_jobs (job_id, partner_id, managed, format, state) VALUES ($1, $2, $3, $4, 'RECEIVING')", connection, tx))
        {
            create.Parameters.AddWithValue(jobId);
            create.Parameters.AddWithValue(partnerId);
            create.Parameters.AddWithValue(managed.ToArray());
            create.Parameters.AddWithValue(csv ? "csv" : "ndjson");
            await create.ExecuteNonQueryAsync(ct);
        }

        var total = 0;
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY bulk_rows (job_id, line, external_ref, visa_number, tenant_last_name, tenant_first_name, landlord_id, park,
                zone, address, rent, charges, deposit, signed_on, effective_on, term_months, registered_on, parse_error)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            var rows = csv ? CsvRows.ReadAsync(body, encoding, ct) : NdjsonRows.ReadAsync(body, encoding, ct);
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

        if (total == 0)
        {
            throw new EmptyFileException(); // before the commit: the job's row goes with the transaction
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
