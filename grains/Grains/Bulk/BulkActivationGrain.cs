using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ActionLogement.Grains.Bulk;

/// <summary>
/// Drives one job: a grain timer runs one batch per tick (so the grain stays responsive between batches) until the
/// rows are exhausted; a reminder restarts the timer after a silo failure. All progress is in PostgreSQL, so a resumed
/// job starts after its last committed batch.
/// </summary>
public sealed class BulkActivationGrain(
    BulkJobStore store,
    BulkBatchProcessor processor,
    IOptions<BulkOptions> options,
    ILogger<BulkActivationGrain> logger) : Grain, IBulkActivationGrain, IRemindable
{
    private const string Resume = "bulk-resume";

    // A tick runs batches back to back for this long, then lets the grain answer other calls.
    private static readonly TimeSpan TickBudget = TimeSpan.FromSeconds(2);
    private IGrainTimer? _timer;

    public async Task Start()
    {
        await this.RegisterOrUpdateReminder(Resume, options.Value.ResumeCheckPeriod, options.Value.ResumeCheckPeriod);
        EnsureTimer();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var job = await store.GetAsync(this.GetPrimaryKeyString());
        if (job is null || job.State is "DONE" or "FAILED")
        {
            await FinishAsync();
            return;
        }

        EnsureTimer();
    }

    private void EnsureTimer() =>
        _timer ??= this.RegisterGrainTimer(RunBatchAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(1))
        {
            KeepAlive = true,
        });

    private async Task RunBatchAsync(CancellationToken ct)
    {
        var job = await store.GetAsync(this.GetPrimaryKeyString());
        if (job is null || job.State is "DONE" or "FAILED")
        {
            await FinishAsync();
            return;
        }

        if (!await store.TryBeginAsync(job))
        {
            // An older job of the same partner is still running; look again shortly.
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            return;
        }

        var size = options.Value.BatchSize;
        var rows = await store.ReadBatchAsync(job.JobId, job.CursorLine, size);
        if (rows.Count == 0)
        {
            await store.FinishEmptyAsync(job.JobId);
            await FinishAsync();
            return;
        }

        // Batches overlap: the next one is read and decided while up to two earlier ones commit, each on its own
        // connection, so this silo and both PostgreSQL backends work at the same time. A batch decided before its
        // predecessors committed may have read a visa or a reference they took: its commit then meets the changed
        // etag or the existing key and undoes itself. Commits still land strictly in line order: each one's cursor
        // update waits for its predecessor's transaction and requires the cursor that one leaves (BulkJobStore).
        // After any conflict the tick ends and the next one decides again from what is stored.
        var outcome = await processor.ProcessAsync(job, rows);
        var tick = Stopwatch.StartNew();
        var inFlight = new Queue<(Task Commit, BulkJob Job)>();
        while (true)
        {
            var last = rows.Count < size;
            inFlight.Enqueue((CountedWhenCommitted(store.CommitBatchAsync(job, outcome, last), outcome), job));
            var nextJob = job with { CursorLine = rows[^1].Line };
            var next = new List<BulkRow>();
            BatchOutcome? nextOutcome = null;
            var committed = true;
            try
            {
                if (!last && tick.Elapsed < TickBudget)
                {
                    next = await store.ReadBatchAsync(job.JobId, nextJob.CursorLine, size);
                    nextOutcome = next.Count > 0 ? await processor.ProcessAsync(nextJob, next) : null;
                }
            }
            finally
            {
                // One commit may stay in flight behind the next batch; otherwise wait for all of them.
                while (committed && inFlight.Count > (nextOutcome is null ? 0 : 1))
                {
                    var (commit, committing) = inFlight.Dequeue();
                    committed = await CommittedAsync(commit, committing);
                }

                // Behind a batch that did not commit, the others cannot either; let them finish undoing themselves.
                while (!committed && inFlight.Count > 0)
                {
                    await inFlight.Dequeue().Commit.ContinueWith(_ => { }, TaskScheduler.Current);
                }
            }

            if (last && committed)
            {
                logger.LogInformation("Bulk job {JobId} finished", job.JobId);
                await FinishAsync();
                return;
            }

            if (nextOutcome is null || !committed)
            {
                // Out of time for this tick, a conflict to decide again, or the rows end exactly here: the next
                // tick carries on from the committed cursor.
                return;
            }

            (job, rows, outcome) = (nextJob, next, nextOutcome);
        }
    }

    private static async Task CountedWhenCommitted(Task commit, BatchOutcome outcome)
    {
        await commit;
        EngineMetrics.BulkRowsCommitted(outcome.Results.Select(r => r.Status));
    }

    private async Task<bool> CommittedAsync(Task commit, BulkJob job)
    {
        try
        {
            await commit;
            return true;
        }
        catch (BulkBatchConflictException e)
        {
            // Nothing of the batch was written; the next tick decides it again from what is stored now.
            logger.LogInformation("Bulk job {JobId}: batch after line {Line} is retried: {Reason}", job.JobId, job.CursorLine, e.Message);
            return false;
        }
    }

    /// <summary>
    /// The job is over: its staged rows go, then the timer and the reminder. Deleted before the reminder is forgotten, so
    /// that a silo lost midway leaves the reminder to finish the deletion.
    /// </summary>
    private async Task FinishAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await store.PurgeStagedRowsAsync(this.GetPrimaryKeyString());
        await ForgetReminderAsync();
    }

    private async Task ForgetReminderAsync()
    {
        if (await this.GetReminder(Resume) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
