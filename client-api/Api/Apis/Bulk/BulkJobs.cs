using System.Text.Json;
using Npgsql;

namespace ActionLogement.Api.Apis.Bulk;

public sealed record BulkProgress(
    string JobId,
    string State,
    int Total,
    int Processed,
    int Activated,
    int AlreadyActive,
    int Rejected,
    double RowsPerSecond,
    double? EtaSeconds,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);

/// <summary>Progress and results of bulk jobs, read straight from PostgreSQL.</summary>
public sealed class BulkJobs(NpgsqlDataSource database)
{
    public async Task<(BulkProgress Progress, string PartnerId)?> GetAsync(string jobId, CancellationToken ct)
    {
        await using var command = database.CreateCommand("""
            SELECT job_id, state, total, processed, activated, already_active, rejected, created_at, started_at, finished_at,
                   error, partner_id, now()
            FROM bulk_jobs WHERE job_id = $1
            """);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var total = reader.GetInt32(2);
        var processed = reader.GetInt32(3);
        DateTimeOffset? started = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8);
        DateTimeOffset? finished = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9);
        var until = finished ?? reader.GetFieldValue<DateTimeOffset>(12);
        var seconds = started is { } s ? Math.Max(0.001, (until - s).TotalSeconds) : 0;
        var rate = seconds > 0 ? processed / seconds : 0;
        double? eta = rate > 0 && finished is null ? (total - processed) / rate : null;
        var progress = new BulkProgress(reader.GetString(0), reader.GetString(1), total, processed, reader.GetInt32(4), reader.GetInt32(5),
            reader.GetInt32(6), Math.Round(rate, 1), eta is null ? null : Math.Round(eta.Value, 1), reader.GetFieldValue<DateTimeOffset>(7),
            started, finished, reader.IsDBNull(10) ? null : reader.GetString(10));
        return (progress, reader.GetString(11));
    }

    /// <summary>Writes one JSON line per committed result, in line order, streaming from a server-side cursor.</summary>
    public async Task WriteResultsAsync(string jobId, int afterLine, int limit, Stream output, CancellationToken ct)
    {
        await using var command = database.CreateCommand("""
            SELECT line, external_ref, status, contract_number, codes, detail FROM bulk_results
            WHERE job_id = $1 AND line > $2 ORDER BY line LIMIT $3
            """);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(afterLine);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        var newline = "\n"u8.ToArray();
        var count = 0;
        while (await reader.ReadAsync(ct))
        {
            json.WriteStartObject();
            json.WriteNumber("line", reader.GetInt32(0));
            WriteNullable(json, "externalRef", reader.IsDBNull(1) ? null : reader.GetString(1));
            json.WriteString("status", reader.GetString(2));
            WriteNullable(json, "contractNumber", reader.IsDBNull(3) ? null : reader.GetString(3));
            json.WriteStartArray("codes");
            foreach (var code in reader.GetFieldValue<string[]>(4))
            {
                json.WriteStringValue(code);
            }

            json.WriteEndArray();
            if (!reader.IsDBNull(5))
            {
                json.WriteString("detail", reader.GetString(5));
            }

            json.WriteEndObject();
            await json.FlushAsync(ct);
            json.Reset();
            await output.WriteAsync(newline, ct);
            if (++count % 1000 == 0)
            {
                await output.FlushAsync(ct);
            }
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
