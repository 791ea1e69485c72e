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

    // Pauses that began before this instant (UTC ticks) are not counted: the sessions open before the load starts.
    private long _countFromTicks;

    public static async Task<GcPauseWatch> StartAsync()
    {
        var watch = new GcPauseWatch();
        foreach (var (name, pid) in ResourceMeter.LocalProcesses())
        {
            await watch.AddAsync(name, pid);
        }

        return watch;
    }

    /// <summary>Counts only the pauses that begin from <paramref name="utc"/> on.</summary>
    public void CountFrom(DateTime utc) => Interlocked.Exchange(ref _countFromTicks, utc.Ticks);

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

    private async Task AddAsync(string name, int pid)
    {
        try
        {
            var session = await GcEvents.OpenAsync(pid);
            _watched.Add((session, SummarizeAsync(name, session)));
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException)
        {
            Console.WriteLine($"        (GC pauses of the {name} not watched: {e.Message})");
        }
    }

    private async Task<GcPauseSummary> SummarizeAsync(string name, EventPipeSession session)
    {
        var pauses = new List<(DateTime, double)>();
        double total = 0, longest = 0;
        string? longestCollection = null;
        await GcEvents.ReadPausesAsync(session, pause =>
        {
            if (pause.StartUtc.Ticks < Interlocked.Read(ref _countFromTicks))
            {
                return;
            }

            total += pause.Ms;
            pauses.Add((pause.StartUtc, pause.Ms));
            if (pause.Ms > longest)
            {
                (longest, longestCollection) = (pause.Ms, pause.Collection);
            }
        });
        return new GcPauseSummary(name, pauses.Count, total, longest, longestCollection) { Pauses = pauses };
    }
}

/// <summary>
/// One pause of a process: when it began (UTC), how long it lasted, the reason of the collection it started, and that
/// collection ("gen1 NonConcurrentGC AllocSmall"; "during ..." for a later phase of one under way, such as a background
/// gen2's final marking).
/// </summary>
internal readonly record struct GcPause(DateTime StartUtc, double Ms, GCReason? StartedFor, string? Collection);

/// <summary>The runtime's GC events of one process, over EventPipe (as <c>dotnet-trace</c> reads them).</summary>
internal static class GcEvents
{
    /// <remarks>
    /// Asynchronous, never blocking the caller: with the generator's inline socket completions (Program.cs) the caller
    /// may be the socket event thread, and a synchronous start waiting on a socket there would wait on itself.
    /// </remarks>
    public static Task<EventPipeSession> OpenAsync(int pid, long moreKeywords = 0) =>
        new DiagnosticsClient(pid).StartEventPipeSessionAsync(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational,
                (long)ClrTraceEventParser.Keywords.GC | moreKeywords),
            requestRundown: false, circularBufferMB: 256, CancellationToken.None);

    /// <summary>
    /// Hands each pause, from the runtime suspending managed threads to their restart, to <paramref name="onPause"/>
    /// until the session stops.
    /// </summary>
    /// <remarks>
    /// Reading the event stream blocks until the session stops: on a thread of its own, not two of the few thread-pool
    /// threads a 2-core machine starts with, whose loss stalled the generator's responses for ~0.5 s at a time while
    /// the pool grew back.
    /// </remarks>
    public static Task ReadPausesAsync(EventPipeSession session, Action<GcPause> onPause) =>
        Task.Factory.StartNew(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            double suspendedAt = -1;
            var suspendedAtUtc = DateTime.MinValue;
            GCReason? reason = null;
            string? started = null, latest = null;
            source.Clr.GCSuspendEEStart += e =>
                (suspendedAt, suspendedAtUtc, reason, started) = (e.TimeStampRelativeMSec, e.TimeStamp.ToUniversalTime(), null, null);
            source.Clr.GCStart += e =>
            {
                reason = e.Reason;
                started = latest = $"gen{e.Depth} {e.Type} {e.Reason}";
            };
            source.Clr.GCRestartEEStop += e =>
            {
                if (suspendedAt < 0)
                {
                    return;
                }

                var pause = e.TimeStampRelativeMSec - suspendedAt;
                suspendedAt = -1;
                onPause(new GcPause(suspendedAtUtc, pause, reason, started ?? (latest is null ? null : "during " + latest)));
            };
            source.Process();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
            using var session = await GcEvents.OpenAsync(pid, GcHeapCollectKeyword);
            var induced = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            var reader = GcEvents.ReadPausesAsync(session, seen =>
            {
                if (seen.StartedFor is GCReason.Induced)
                {
                    induced.TrySetResult(seen.Ms);
                }
            });
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
