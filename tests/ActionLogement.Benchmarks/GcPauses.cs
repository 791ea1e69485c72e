using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace ActionLogement.Benchmarks;

/// <summary>
/// The garbage-collection pauses of one process during a run: how many, their sum, the longest and the collection it
/// stopped for (generation, kind, reason: a blocking gen2 is not fixed the way a slow gen0 is).
/// </summary>
internal sealed record GcPauseSummary(string Process, int Count, double TotalMs, double LongestMs, string? LongestGc)
{
    /// <summary>Each pause: when it began (UTC) and how long it lasted.</summary>
    public IReadOnlyList<(DateTime StartUtc, double Ms)> Pauses { get; init; } = [];
}

/// <summary>
/// Listens to the runtime's GC events of the local engine's processes (EventPipe, as <c>dotnet-trace</c> does) while a run
/// lasts. A pause stops every request in its process, so these explain part of the tail that CPU figures do not.
/// </summary>
internal sealed class GcPauseWatch : IAsyncDisposable
{
    private readonly List<(EventPipeSession Session, Task<GcPauseSummary> Summary)> _watched = [];

    public static GcPauseWatch Start()
    {
        var watch = new GcPauseWatch();
        foreach (var (name, pid) in ResourceMeter.LocalProcesses())
        {
            watch.Add(name, pid);
        }

        return watch;
    }

    /// <summary>Stops listening and sums up each process; a process that could not be watched is left out.</summary>
    public async Task<IReadOnlyList<GcPauseSummary>> StopAsync()
    {
        var summaries = new List<GcPauseSummary>();
        foreach (var (session, summary) in _watched)
        {
            try
            {
                await session.StopAsync(CancellationToken.None);
                summaries.Add(await summary);
            }
            catch (Exception e) when (e is ServerNotAvailableException or EndOfStreamException or IOException or TimeoutException)
            {
                // The process went away mid-run: its pauses are unknown, not zero.
            }
        }

        return summaries;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var (session, _) in _watched)
        {
            session.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void Add(string name, int pid)
    {
        try
        {
            var session = new DiagnosticsClient(pid).StartEventPipeSession(
                new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC),
                requestRundown: false);
            // Reading the event stream blocks until the session stops: on a thread of its own, not two of the few
            // thread-pool threads a 2-core machine starts with, whose loss stalled the generator's responses for
            // ~0.5 s at a time while the pool grew back.
            _watched.Add((session, Task.Factory.StartNew(() => Summarize(name, session), CancellationToken.None, TaskCreationOptions.LongRunning,
                TaskScheduler.Default)));
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException)
        {
            Console.WriteLine($"        (GC pauses of the {name} not watched: {e.Message})");
        }
    }

    /// <summary>A pause runs from the runtime suspending managed threads to their restart.</summary>
    private static GcPauseSummary Summarize(string name, EventPipeSession session)
    {
        using var source = new EventPipeEventSource(session.EventStream);
        double suspendedAt = -1, total = 0, longest = 0;
        var count = 0;
        var suspendedAtUtc = DateTime.MinValue;
        var pauses = new List<(DateTime, double)>();
        // A pause that starts no collection is a later phase of one under way (a background gen2's final marking).
        string? started = null, latest = null, longestCollection = null;
        source.Clr.GCSuspendEEStart += e => (suspendedAt, suspendedAtUtc, started) = (e.TimeStampRelativeMSec, e.TimeStamp.ToUniversalTime(), null);
        source.Clr.GCStart += e => started = latest = $"gen{e.Depth} {e.Type} {e.Reason}";
        source.Clr.GCRestartEEStop += e =>
        {
            if (suspendedAt < 0)
            {
                return;
            }

            var pause = e.TimeStampRelativeMSec - suspendedAt;
            suspendedAt = -1;
            count++;
            total += pause;
            pauses.Add((suspendedAtUtc, pause));
            if (pause > longest)
            {
                (longest, longestCollection) = (pause, started ?? (latest is null ? null : "during " + latest));
            }
        };
        source.Process();
        return new GcPauseSummary(name, count, total, longest, longestCollection) { Pauses = pauses };
    }
}

/// <summary>
/// Asks the engine's processes for a full, compacting collection, the way PerfView's "Force GC" does: an EventPipe
/// session with the runtime's GCHeapCollect keyword makes the runtime collect once. Used between a run's set-up and
/// its load, so that the objects a burst of set-up leaves behind are collected before the load, not during it.
/// </summary>
internal static class EngineHeap
{
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>Returns, per process, how long the induced collection paused it, or null when none was seen.</summary>
    public static async Task<IReadOnlyList<(string Process, double? PauseMs)>> CollectAsync(TimeSpan timeout)
    {
        var collected = new List<(string, double?)>();
        foreach (var (name, pid) in ResourceMeter.LocalProcesses())
        {
            collected.Add((name, await CollectAsync(pid, timeout)));
        }

        return collected;
    }

    private static async Task<double?> CollectAsync(int pid, TimeSpan timeout)
    {
        try
        {
            using var session = new DiagnosticsClient(pid).StartEventPipeSession(
                new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational,
                    (long)ClrTraceEventParser.Keywords.GC | GcHeapCollectKeyword),
                requestRundown: false);
            var induced = new TaskCompletionSource<double?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var reader = Task.Factory.StartNew(() =>
            {
                using var source = new EventPipeEventSource(session.EventStream);
                double suspendedAt = -1;
                var isInduced = false;
                source.Clr.GCSuspendEEStart += e => suspendedAt = e.TimeStampRelativeMSec;
                source.Clr.GCStart += e => isInduced = e.Reason is GCReason.Induced;
                source.Clr.GCRestartEEStop += e =>
                {
                    if (isInduced && suspendedAt >= 0)
                    {
                        induced.TrySetResult(e.TimeStampRelativeMSec - suspendedAt);
                    }
                };
                source.Process();
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            double? pause = null;
            try
            {
                pause = await induced.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                // Not seen in time: reported as such, and the run goes on.
            }

            await session.StopAsync(CancellationToken.None);
            await reader;
            return pause;
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException or EndOfStreamException)
        {
            return null;
        }
    }
}
