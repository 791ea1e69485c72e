using Npgsql;

namespace ActionLogement.Database;

/// <summary>
/// Sends the small writes that many requests make at the same moment (audit rows, idempotency keys, projections) as
/// one batch: one round trip and one commit for all of them instead of one each. Every caller still awaits its own
/// command, which completes only once the batch has committed, so nothing is acknowledged before it is stored.
/// </summary>
/// <remarks>
/// A batch runs in one implicit transaction: if any command fails, none is applied, and the batch is replayed one
/// command at a time so that only the faulty one reports its error.
/// </remarks>
public sealed class CommandBatcher : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly BatchQueue<Pending> _queue;

    /// <param name="database">Where the commands go (its connection string decides synchronous or asynchronous commit).</param>
    /// <param name="loops">Batches in flight at once, each on its own connection.</param>
    public CommandBatcher(NpgsqlDataSource database, int loops = 2)
    {
        _database = database;
        _queue = new BatchQueue<Pending>(loops, maxBatch: 128, RunOrSplitAsync, (batch, e) =>
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }
        });
    }

    /// <summary>Runs <paramref name="sql"/> ($1, $2... for the values) with the next batch; returns the rows it affected.</summary>
    public Task<int> ExecuteAsync(string sql, params object?[] values)
    {
        var pending = new Pending(sql, values);
        _queue.Add(pending);
        return pending.Done.Task;
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    private async Task RunOrSplitAsync(List<Pending> batch)
    {
        try
        {
            await RunAsync(batch);
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var pending in batch)
            {
                try
                {
                    await RunAsync([pending]);
                }
                catch (Exception e)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
    }

    private Task RunAsync(IReadOnlyList<Pending> pending) => _database.WithConnectionAsync(async connection =>
    {
        await using var batch = connection.CreateBatch();
        foreach (var p in pending)
        {
            var command = new NpgsqlBatchCommand(p.Sql);
            command.Parameters.AddValues(p.Values);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
        for (var i = 0; i < pending.Count; i++)
        {
            pending[i].Done.TrySetResult(batch.BatchCommands[i].RecordsAffected);
        }
    });

    private sealed record Pending(string Sql, object?[] Values)
    {
        // Callers continue on their own threads, never on the loop that sends the next batch.
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
