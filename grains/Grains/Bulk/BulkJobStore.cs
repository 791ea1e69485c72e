using ActionLogement.Database;
using ActionLogement.Grains.Contracts;
using ActionLogement.Grains.ReadModels;
using ActionLogement.Grains.Storage;
using ActionLogement.Grains.Visas;
using Npgsql;
using NpgsqlTypes;

namespace ActionLogement.Grains.Bulk;

/// <summary>The bulk tables: a batch is read in one query and committed in one transaction.</summary>
public sealed class BulkJobStore(NpgsqlDataSource database, GrainStateStore states)
{
    public async Task<BulkJob?> GetAsync(string jobId)
    {
        await using var command = database.CreateCommand(
            "SELECT job_id, partner_id, managed, state, cursor_line, created_at FROM bulk_jobs WHERE job_id = $1");
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new BulkJob(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetString(3),
                reader.GetInt32(4), DateOnly.FromDateTime(reader.GetFieldValue<DateTimeOffset>(5).UtcDateTime))
            : null;
    }

    /// <summary>
    /// A partner's jobs run one at a time, oldest first, so two overlapping uploads cannot both activate the same
    /// reference. Returns whether this job may run now (and marks it RUNNING).
    /// </summary>
    public async Task<bool> TryBeginAsync(BulkJob job)
    {
        await using var command = database.CreateCommand("""
            WITH first AS (
                SELECT job_id FROM bulk_jobs
                WHERE partner_id = $2 AND state IN ('QUEUED', 'RUNNING')
                ORDER BY created_at, job_id LIMIT 1)
            UPDATE bulk_jobs SET state = 'RUNNING', started_at = COALESCE(started_at, now())
            WHERE job_id = $1 AND job_id IN (SELECT job_id FROM first)
            """);
        command.Parameters.AddWithValue(job.JobId);
        command.Parameters.AddWithValue(job.PartnerId);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task<List<BulkRow>> ReadBatchAsync(string jobId, int afterLine, int size)
    {
        await using var command = database.CreateCommand("""
            SELECT line, external_ref, visa_number, tenant_last_name, tenant_first_name, landlord_id, park, zone, address,
                   rent, charges, deposit, signed_on, effective_on, term_months, registered_on, parse_error
            FROM bulk_rows WHERE job_id = $1 AND line > $2 ORDER BY line LIMIT $3
            """);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(afterLine);
        command.Parameters.AddWithValue(size);
        var rows = new List<BulkRow>(size);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new BulkRow(reader.GetInt32(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                Text(reader, 6), Text(reader, 7), Text(reader, 8), Value<decimal>(reader, 9), Value<decimal>(reader, 10),
                Value<decimal>(reader, 11), Value<DateOnly>(reader, 12), Value<DateOnly>(reader, 13), Value<int>(reader, 14),
                Value<DateOnly>(reader, 15), Text(reader, 16)));
        }

        return rows;
    }

    /// <summary>
    /// Deletes a finished job's staged rows, <paramref name="chunk"/> at a time so that no statement runs long: they hold
    /// tenants' names and addresses, and nothing reads them once the job is over (its results say what became of each).
    /// </summary>
    public async Task PurgeStagedRowsAsync(string jobId, int chunk = 10_000)
    {
        int deleted;
        do
        {
            await using var delete = database.CreateCommand("""
                DELETE FROM bulk_rows WHERE job_id = $1 AND line IN (
                    SELECT line FROM bulk_rows WHERE job_id = $1 ORDER BY line LIMIT $2)
                """);
            delete.Parameters.AddWithValue(jobId);
            delete.Parameters.AddWithValue(chunk);
            deleted = await delete.ExecuteNonQueryAsync();
        }
        while (deleted == chunk);
    }

    /// <summary>
    /// The partner's references already taken: their contract, and its status and visa as the read model has them (none
    /// for a reference a single activation has reserved and not yet stored, see <see cref="PartnerReferenceGrain"/>).
    /// </summary>
    public async Task<Dictionary<string, ActivatedRef>> ActivatedRefsAsync(string partnerId, IReadOnlyList<string> refs)
    {
        await using var command = database.CreateCommand("""
            SELECT r.external_ref, r.contract_number, c.status, c.visa_number
            FROM partner_refs r LEFT JOIN contracts_view c ON c.contract_number = r.contract_number
            WHERE r.partner_id = $1 AND r.external_ref = ANY($2)
            """);
        command.Parameters.AddWithValue(partnerId);
        command.Parameters.AddWithValue(refs.ToArray());
        var found = new Dictionary<string, ActivatedRef>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetString(0)] = new ActivatedRef(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        return found;
    }

    /// <summary>
    /// One batch in one transaction: the new contracts' and reserved visas' grain states, the contracts' read model,
    /// the results, references and counters, and the cursor. A visa changed since it was read (a single activation
    /// got there first) fails the whole batch with <see cref="BulkBatchConflictException"/>; nothing is written and
    /// the batch is decided again.
    /// </summary>
    public async Task CommitBatchAsync(BulkJob job, BatchOutcome outcome, bool last)
    {
        var results = outcome.Results;
        var visas = outcome.Visas.Select(v => (v.Key, v.Value.ETag, Payload: states.Serialize(v.Value.State))).ToList();
        var contracts = outcome.Contracts.Select(c => (c.Key, Payload: states.Serialize(c.Value))).ToList();
        var rows = outcome.Contracts.Select(c => ContractClaim.Row(c.Key, c.Value, RentClaim.Empty)).ToList();
        var activated = results.Where(r => r.Status == BulkResult.Activated && r.ExternalRef is not null).ToList();

        var lastLine = results.Max(r => r.Line);
        try
        {
            // A refused statement leaves the connection's prepared statements forgotten (see WithConnectionAsync).
            await database.WithConnectionAsync(async connection =>
            {
                await using var tx = await connection.BeginTransactionAsync();
                // This batch's turn: held until it commits or rolls back, so the next batch (which waits on it before
                // moving the cursor) can do all its other writes meanwhile.
                await TakeTurnAsync(connection, tx, job.JobId, lastLine);
                if (visas.Count > 0)
                {
                    await using var update = new NpgsqlBatch(connection, tx);
                    update.BatchCommands.Add(states.UpdateMany(VisaGrain.TypeName, VisaGrain.StateName, [.. visas.Select(v => v.Key)],
                        [.. visas.Select(v => v.ETag)], [.. visas.Select(v => v.Payload)]));
                    var updated = 0;
                    await using (var reader = await update.ExecuteReaderAsync())
                    {
                        while (await reader.ReadAsync())
                        {
                            updated++;
                        }
                    }

                    if (updated != visas.Count)
                    {
                        throw new BulkBatchConflictException($"{visas.Count - updated} visa(s) changed since the batch read them.");
                    }
                }

                // New rows only (fresh contract numbers, unseen lines and references): COPY, the fastest way in. A key
                // that exists after all (a reference activated meanwhile) is a unique violation that undoes the batch.
                await states.CopyNewAsync(connection, ContractGrain.TypeName, ContractGrain.StateName, contracts);
                await ReadModelWriter.CopyNewContractsAsync(connection, rows);
                await CopyResultsAsync(connection, job, results);
                await CopyRefsAsync(connection, job, activated);
                // The previous batch's turn ends when its transaction does; then the cursor must be where it left it.
                await TakeTurnAsync(connection, tx, job.JobId, job.CursorLine);
                if (!await UpdateCountersAsync(connection, tx, job, results, lastLine, last))
                {
                    throw new BulkBatchConflictException($"the batch before line {job.CursorLine + 1} did not commit.");
                }

                await tx.CommitAsync();
            });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BulkBatchConflictException($"a row of the batch exists already ({e.ConstraintName}).");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected)
        {
            // Two overlapping batches reserving the same visa in opposite order: PostgreSQL undid this one.
            throw new BulkBatchConflictException("it waited on a later batch for a visa both reserve.");
        }
    }

    private static Task CopyResultsAsync(NpgsqlConnection connection, BulkJob job, IReadOnlyList<BulkResult> results) =>
        connection.CopyRowsAsync(
            "COPY bulk_results (job_id, line, external_ref, status, contract_number, codes, detail) FROM STDIN (FORMAT BINARY)",
            results, async (copy, r) =>
            {
                await copy.WriteAsync(job.JobId, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Line, NpgsqlDbType.Integer);
                await copy.WriteTextOrNullAsync(r.ExternalRef);
                await copy.WriteAsync(r.Status, NpgsqlDbType.Text);
                await copy.WriteTextOrNullAsync(r.ContractNumber);
                await copy.WriteAsync(r.Codes.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteTextOrNullAsync(r.Detail);
            });

    private static Task CopyRefsAsync(NpgsqlConnection connection, BulkJob job, IReadOnlyList<BulkResult> activated) =>
        connection.CopyRowsAsync(
            "COPY partner_refs (partner_id, external_ref, contract_number) FROM STDIN (FORMAT BINARY)",
            activated, async (copy, r) =>
            {
                await copy.WriteAsync(job.PartnerId, NpgsqlDbType.Text);
                await copy.WriteAsync(r.ExternalRef!, NpgsqlDbType.Text);
                await copy.WriteAsync(r.ContractNumber!, NpgsqlDbType.Text);
            });

    /// <summary>Moves the counters and the cursor from the line the batch follows to its last line; false if the cursor is elsewhere.</summary>
    private static async Task<bool> UpdateCountersAsync(NpgsqlConnection connection, NpgsqlTransaction tx, BulkJob job,
        IReadOnlyList<BulkResult> results, int lastLine, bool last)
    {
        await using var counters = new NpgsqlCommand("""
            UPDATE bulk_jobs SET processed = processed + $2, activated = activated + $3, already_active = already_active + $4,
                rejected = rejected + $5, cursor_line = $6,
                state = CASE WHEN $7 THEN 'DONE' ELSE state END,
                finished_at = CASE WHEN $7 THEN now() ELSE finished_at END
            WHERE job_id = $1 AND cursor_line = $8
            """, connection, tx);
        counters.Parameters.Add(new NpgsqlParameter { Value = job.JobId });
        counters.Parameters.Add(new NpgsqlParameter { Value = results.Count });
        counters.Parameters.Add(new NpgsqlParameter { Value = results.Count(r => r.Status == BulkResult.Activated) });
        counters.Parameters.Add(new NpgsqlParameter { Value = results.Count(r => r.Status == BulkResult.AlreadyActive) });
        counters.Parameters.Add(new NpgsqlParameter { Value = results.Count(r => r.Status == BulkResult.Rejected) });
        counters.Parameters.Add(new NpgsqlParameter { Value = lastLine });
        counters.Parameters.Add(new NpgsqlParameter { Value = last });
        counters.Parameters.Add(new NpgsqlParameter { Value = job.CursorLine });
        return await counters.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>A transaction-scoped lock named after the job and the last line of a batch: that batch's turn.</summary>
    private static async Task TakeTurnAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string jobId, int line)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1), $2)", connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        command.Parameters.Add(new NpgsqlParameter { Value = line });
        await command.ExecuteNonQueryAsync();
    }

    public async Task FinishEmptyAsync(string jobId)
    {
        await using var command = database.CreateCommand(
            "UPDATE bulk_jobs SET state = 'DONE', finished_at = now() WHERE job_id = $1 AND state <> 'DONE'");
        command.Parameters.AddWithValue(jobId);
        await command.ExecuteNonQueryAsync();
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static T? Value<T>(NpgsqlDataReader reader, int i) where T : struct => reader.IsDBNull(i) ? null : reader.GetFieldValue<T>(i);
}

/// <summary>Rows a batch decided on changed before it committed; the batch is decided again from fresh reads.</summary>
public sealed class BulkBatchConflictException(string message) : Exception(message);
