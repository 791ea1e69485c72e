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
            await ForgetReminderAsync();
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
            await StopAsync();
            return;
        }

        if (!await store.TryBeginAsync(job))
        {
            // An older job of the same partner is still running; look again shortly.
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            return;
        }

        var rows = await store.ReadBatchAsync(job.JobId, job.CursorLine, options.Value.BatchSize);
        if (rows.Count == 0)
        {
            await store.FinishEmptyAsync(job.JobId);
            await StopAsync();
            return;
        }

        var outcome = await processor.ProcessAsync(job, rows);
        var last = rows.Count < options.Value.BatchSize;
        try
        {
            await store.CommitBatchAsync(job, outcome, last);
        }
        catch (BulkBatchConflictException e)
        {
            // Nothing of the batch was written; the next tick decides it again from what is stored now.
            logger.LogInformation("Bulk job {JobId}: batch after line {Line} is retried: {Reason}", job.JobId, job.CursorLine, e.Message);
            return;
        }

        if (last)
        {
            logger.LogInformation("Bulk job {JobId} finished", job.JobId);
            await StopAsync();
        }
    }

    private async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
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
