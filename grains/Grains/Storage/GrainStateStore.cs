using ActionLogement.Database;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace ActionLogement.Grains.Storage;

/// <summary>
/// The <c>grain_state</c> table. Grains' reads and writes are queued and sent together: a few loops each take
/// whatever is waiting (up to 256 operations) and run it as one batch on one connection, so many
/// grains share one round trip and one commit instead of paying one each. Bulk activation uses the same rows and the
/// same serializer through <see cref="ReadManyAsync{T}"/>, <see cref="CopyNewAsync"/> and <see cref="UpdateMany"/>.
/// </summary>
public sealed class GrainStateStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly StateSerializer _serializer;
    private readonly ILogger<GrainStateStore> _logger;
    private readonly BatchQueue<Operation> _queue;
    private readonly ParameterPool _parameters = new();

    public GrainStateStore(NpgsqlDataSource database, StateSerializer serializer, IOptions<ClusterOptions> cluster,
        ILogger<GrainStateStore> logger)
    {
        _database = database;
        _serializer = serializer;
        _logger = logger;
        ServiceId = cluster.Value.ServiceId;
        _queue = new BatchQueue<Operation>(loops: 4, maxBatch: 256, RunAsync, Fail);
    }

    /// <summary>Rows are per Orleans service, so clusters of different services can share one database.</summary>
    public string ServiceId { get; }

    public Task<StoredState?> ReadAsync(GrainStateKey key) => Enqueue(new Operation(OperationKind.Read, key, null, null));

    /// <summary>Writes when the stored etag is <paramref name="etag"/> (null: no row yet); the new etag, or null on a conflict.</summary>
    /// <remarks>A <paramref name="projection"/> is written in the same statement, and only if the state is.</remarks>
    public async Task<int?> WriteAsync(GrainStateKey key, int? etag, ReadOnlyMemory<byte> payload, StateProjection? projection = null) =>
        (await Enqueue(new Operation(etag is null ? OperationKind.Insert : OperationKind.Update, key, etag, payload, projection)))?.ETag;

    /// <summary>
    /// Serializes <paramref name="state"/> into a pooled array and writes it as <see cref="WriteAsync"/> does. The array
    /// goes back to the pool once the write has committed or met a stale etag; after a failed batch it is left to the
    /// GC, since nothing then says the connection has finished sending it.
    /// </summary>
    public async Task<int?> WriteStateAsync<T>(GrainStateKey key, int? etag, T state, StateProjection? projection = null)
    {
        var payload = _serializer.SerializeRented(state);
        var written = await WriteAsync(key, etag, payload.Bytes, projection);
        payload.Return();
        return written;
    }

    /// <summary>Empties the row, keeping it (and a bumped etag) so the next write stays guarded.</summary>
    public async Task<int?> ClearAsync(GrainStateKey key, int etag) =>
        (await Enqueue(new Operation(OperationKind.Update, key, etag, null)))?.ETag;

    public byte[] Serialize<T>(T state) => StateSerializer.ToArray(_serializer.Serialize(state));

    public T Deserialize<T>(byte[] payload) =>
        _serializer.Deserialize<T>(new BinaryData(payload)) ?? throw new InvalidDataException("A stored grain state deserialized to null.");

    /// <summary>Many grains' states of one type in one query, for batch work; missing keys are absent.</summary>
    public async Task<Dictionary<string, (int ETag, T State)>> ReadManyAsync<T>(string grainType, string stateName, IReadOnlyCollection<string> keys)
    {
        await using var command = _database.CreateCommand("""
            SELECT grain_key, etag, payload FROM grain_state
            WHERE grain_type = $1 AND grain_key = ANY($2) AND state_name = $3 AND service_id = $4 AND payload IS NOT NULL
            """);
        command.Parameters.AddWithValue(grainType);
        command.Parameters.AddWithValue(keys.ToArray());
        command.Parameters.AddWithValue(stateName);
        command.Parameters.AddWithValue(ServiceId);
        var found = new Dictionary<string, (int, T)>(keys.Count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetString(0)] = (reader.GetInt32(1), Deserialize<T>(reader.GetFieldValue<byte[]>(2)));
        }

        return found;
    }

    /// <summary>
    /// First states of new grains, COPYed in on the caller's connection and transaction. A key that already has a
    /// row fails the copy with a unique violation: nothing is ever overwritten.
    /// </summary>
    public Task CopyNewAsync(NpgsqlConnection connection, string grainType, string stateName,
        IReadOnlyList<(string Key, byte[] Payload)> states) =>
        connection.CopyRowsAsync(
            "COPY grain_state (service_id, grain_type, grain_key, state_name, etag, payload) FROM STDIN (FORMAT BINARY)",
            states, async (copy, state) =>
            {
                await copy.WriteAsync(ServiceId, NpgsqlDbType.Text);
                await copy.WriteAsync(grainType, NpgsqlDbType.Text);
                await copy.WriteAsync(state.Key, NpgsqlDbType.Text);
                await copy.WriteAsync(stateName, NpgsqlDbType.Text);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(state.Payload, NpgsqlDbType.Bytea);
            });

    /// <summary>
    /// New states of existing grains, one statement, each guarded by the etag it was read with; the command returns
    /// the keys it updated, so a caller sees which rows changed underneath it.
    /// </summary>
    public NpgsqlBatchCommand UpdateMany(string grainType, string stateName, IReadOnlyList<string> keys, IReadOnlyList<int> etags,
        IReadOnlyList<byte[]> payloads)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE grain_state g SET payload = k.payload, etag = g.etag + 1, modified_at = now()
            FROM unnest($4::text[], $5::int[], $6::bytea[]) AS k(key, etag, payload)
            WHERE g.grain_type = $2 AND g.grain_key = k.key AND g.state_name = $3 AND g.service_id = $1 AND g.etag = k.etag
            RETURNING g.grain_key
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = grainType });
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = etags.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = payloads.ToArray() });
        return command;
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    private Task<StoredState?> Enqueue(Operation operation)
    {
        _queue.Add(operation);
        return operation.Done.Task;
    }

    private void Fail(List<Operation> batch, Exception e)
    {
        // The batch ran in one implicit transaction: none of it was applied, every caller sees the error.
        _logger.LogWarning(e, "Grain state batch of {Count} operations failed", batch.Count);
        foreach (var operation in batch)
        {
            operation.Done.TrySetException(e);
        }
    }

    private Task RunAsync(List<Operation> operations) => _database.WithConnectionAsync(async connection =>
    {
        await using var batch = connection.CreateBatch();
        foreach (var operation in operations)
        {
            batch.BatchCommands.Add(Command(operation));
        }

        // The reader is disposed (the implicit transaction committed) before any caller hears back. Npgsql reuses
        // reader objects per connection: dispose it exactly once.
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            foreach (var operation in operations)
            {
                if (await reader.ReadAsync())
                {
                    operation.Result = operation.Kind == OperationKind.Read
                        ? new StoredState(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1))
                        : new StoredState(reader.GetInt32(0), null);
                }

                await reader.NextResultAsync();
            }
        }

        _parameters.Return(batch);
        foreach (var operation in operations)
        {
            operation.Done.TrySetResult(operation.Result);
        }
    });

    private const string ReadSql = """
        SELECT etag, payload FROM grain_state
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND service_id = $4
        """;

    // A concurrent first write of the same grain meets the primary key: no row back, i.e. an etag conflict.
    private const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, service_id, etag, payload)
        VALUES ($1, $2, $3, $4, 1, $5)
        ON CONFLICT DO NOTHING
        RETURNING etag
        """;

    private const string UpdateSql = """
        UPDATE grain_state SET payload = $5, etag = etag + 1, modified_at = now()
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND service_id = $4 AND etag = $6
        RETURNING etag
        """;

    private NpgsqlBatchCommand Command(Operation operation)
    {
        var (sql, parameters) = operation.Kind switch
        {
            OperationKind.Read => (ReadSql, 4),
            OperationKind.Insert => (InsertSql, 5),
            _ => (UpdateSql, 6),
        };
        var command = new NpgsqlBatchCommand(operation.Projection is { } projection
            ? projection.Sql.Around(sql, parameters, operation.Kind == OperationKind.Insert)
            : sql);
        _parameters.Add(command.Parameters, operation.Key.GrainType);
        _parameters.Add(command.Parameters, operation.Key.GrainKey);
        _parameters.Add(command.Parameters, operation.Key.StateName);
        _parameters.Add(command.Parameters, ServiceId);
        if (operation.Kind != OperationKind.Read)
        {
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = operation.Payload is { } payload ? payload : DBNull.Value,
                NpgsqlDbType = NpgsqlDbType.Bytea,
            });
        }

        if (operation.Kind == OperationKind.Update)
        {
            _parameters.Add(command.Parameters, operation.ETag!.Value);
        }

        _parameters.AddValues(command.Parameters, operation.Projection?.Values ?? []);
        return command;
    }

    private enum OperationKind
    {
        Read,
        Insert,
        Update,
    }

    private sealed class Operation(OperationKind kind, GrainStateKey key, int? etag, ReadOnlyMemory<byte>? payload,
        StateProjection? projection = null)
    {
        public OperationKind Kind { get; } = kind;

        public GrainStateKey Key { get; } = key;

        public int? ETag { get; } = etag;

        public ReadOnlyMemory<byte>? Payload { get; } = payload;

        /// <summary>Read-model rows written in the same statement as this state write.</summary>
        public StateProjection? Projection { get; } = projection;

        public StoredState? Result { get; set; }

        // Continuations run off the flush loop, so one slow grain never holds up the next batch.
        public TaskCompletionSource<StoredState?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A grain state row's identity.</summary>
public readonly record struct GrainStateKey(string GrainType, string GrainKey, string StateName);

/// <summary>A stored row: its etag and payload (null once cleared, or for a write's answer).</summary>
public sealed record StoredState(int ETag, byte[]? Payload);
