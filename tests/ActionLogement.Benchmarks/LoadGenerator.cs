using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace ActionLogement.Benchmarks;

internal static class Api
{
    public const string StaffKey = "al_dev_staff_key";

    /// <summary>One pooled client for setup and load; staff key, because staff may backdate <c>declaredOn</c>.</summary>
    public static HttpClient CreateClient(string url)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var http = new HttpClient(handler) { BaseAddress = new Uri(url + "/"), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaffKey);
        return http;
    }

    public static async Task<bool> IsReadyAsync(HttpClient http)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await http.GetAsync("health/ready", timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>
/// Declaration <c>i</c> goes to contract <c>i % Contracts</c> and declares its month number <c>i / Contracts</c> after
/// 2023-08: a contract's successive months are <c>Contracts / rate</c> seconds apart, and none goes past its 36th instalment.
/// </summary>
internal sealed record LoadPlan(int Rate, int Seconds, int Declarations, int Contracts)
{
    public const int MonthsPerContract = 34;

    public static LoadPlan For(int rate, int seconds)
    {
        var declarations = checked(rate * seconds);
        var contracts = (declarations + MonthsPerContract - 1) / MonthsPerContract;
        return new(rate, seconds, declarations, contracts + Math.Max(4, contracts / 50));
    }
}

internal sealed record LoadResult(
    LoadPlan Plan,
    int Sent,
    int Completed,
    int Ok,
    int NotOk,
    int TransportErrors,
    int OkWithRefusedMonth,
    double ElapsedSeconds,
    double[] LatencyMsInSendOrder, // of every sent request, +infinity when no answer came
    double[] SendLagMsInSendOrder, // how late the scheduler sent each request: part of its latency the engine never saw
    int MaxInFlight,
    IReadOnlyList<string> FirstErrors)
{
    /// <summary>What each answered declaration cost the system, over the whole run (its drain included).</summary>
    public RunCost? Cost { get; init; }

    /// <summary>When the first request was scheduled (UTC), to line the timeline up with what the machine did.</summary>
    public DateTime StartedAtUtc { get; init; }

    /// <summary>The machine's CPU counters, sampled through the run.</summary>
    public IReadOnlyList<MachineSample> Machine { get; init; } = [];

    /// <summary>The generator's own collections during the run: a pause of this process delays sends and answers alike.</summary>
    public OwnCollections? GeneratorCollections { get; init; }

    /// <summary>The garbage-collection pauses of the engine's processes during the run.</summary>
    public IReadOnlyList<GcPauseSummary> GcPauses { get; init; } = [];

    /// <summary>The disk probe's flushes through the run, outside PostgreSQL (<see cref="DiskProbe"/>).</summary>
    public IReadOnlyList<DiskSync> DiskSyncs { get; init; } = [];

    /// <summary>PostgreSQL's autovacuum and autoanalyze passes that ended during the run.</summary>
    public IReadOnlyList<AutovacuumPass> Autovacuums { get; init; } = [];

    public double CompletedPerSecond => Completed / ElapsedSeconds;

    public double OkPerSecond => Ok / ElapsedSeconds;

    public double[] SortedLatencyMs => field ??= [.. LatencyMsInSendOrder.Order()];

    public double Percentile(double p) => PercentileOf(SortedLatencyMs, p);

    public static double PercentileOf(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>This process's collections by generation and their pauses in all, counted by the runtime itself.</summary>
internal sealed record OwnCollections(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static OwnCollections Take() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static OwnCollections operator -(OwnCollections after, OwnCollections before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Paused - before.Paused);
}

/// <summary>
/// Open loop: request <c>i</c> is scheduled at <c>t0 + i / rate</c> and sent then whether or not earlier ones have
/// answered; its latency runs from that scheduled time, so queueing (in the server or in this client) is not hidden
/// (no coordinated omission). Bounded by count (rate x seconds) and time (the run, then at most <see cref="Drain"/>).
/// </summary>
internal static class LoadGenerator
{
    public static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);
    private const int ErrorsKept = 5;
    private static readonly DateOnly FirstMonth = new(2023, 9, 1);

    public static async Task<LoadResult> RunAsync(HttpClient http, LoadPlan plan, IReadOnlyList<string> contracts)
    {
        // One body per month: that month, declared 5 days after its first day (at most 30 days after it is due).
        var bodies = Enumerable.Range(0, LoadPlan.MonthsPerContract).Select(k =>
        {
            var month = FirstMonth.AddMonths(k);
            return Encoding.UTF8.GetBytes(
                $$"""{"declaredOn":"{{month.AddDays(5):yyyy-MM-dd}}","months":[{"month":"{{month:yyyy-MM}}","due":800.00,"paidByTenant":0.00,"housingBenefit":0.00}]}""");
        }).ToArray();
        var paths = contracts.Select(c => new Uri($"api/v1/contracts/{c}/unpaid-rent", UriKind.Relative)).ToArray();

        var count = plan.Declarations;
        var latencyTicks = new long[count];
        var status = new int[count];
        // Counted rather than kept: 60,000 finished tasks held to the end would be promoted through every generation,
        // and the generator's own collections (which delay sends and answers alike) would copy them.
        var sent = 0;
        var outstanding = 1; // the scheduler's own, released when it has sent the last request
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentDictionary<string, int>();
        var refusedMonths = 0;
        var inFlight = 0;
        var maxInFlight = 0;
        var lastEnd = 0L;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(plan.Seconds) + Drain);

        async Task SendAsync(int i, long scheduled)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            try
            {
                // The generator shares the cores with what it measures: nothing per request that can be done once
                // (the paths), and headers added as they are rather than parsed and checked.
                var contract = i % contracts.Count;
                var content = new ByteArrayContent(bodies[i / contracts.Count]);
                content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, paths[contract]) { Content = content };
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
                using var response = await http.SendAsync(request, deadline.Token);
                var body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
                var end = Stopwatch.GetTimestamp();
                latencyTicks[i] = end - scheduled;
                InterlockedMax(ref lastEnd, end);
                status[i] = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    Keep(errors, $"{(int)response.StatusCode} {contracts[contract]}: {Encoding.UTF8.GetString(body)}");
                }
                else if (body.AsSpan().IndexOf("\"code\":\""u8) >= 0)
                {
                    Interlocked.Increment(ref refusedMonths);
                    Keep(errors, $"{(int)response.StatusCode} {contracts[contract]} (month refused): {Encoding.UTF8.GetString(body)}");
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                status[i] = -1;
                Keep(errors, $"no answer before the deadline (the run + {Drain.TotalSeconds:0} s to drain)");
            }
            catch (Exception e)
            {
                // Nothing awaits this task: whatever failed the request is counted and kept here, never lost.
                status[i] = -1;
                Keep(errors, $"{e.GetType().Name}: {e.Message}");
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
                if (Interlocked.Decrement(ref outstanding) == 0)
                {
                    allAnswered.SetResult();
                }
            }
        }

        // The scheduler runs on its own thread, so a busy thread pool delays answers, not sends.
        var ticksPerRequest = (double)Stopwatch.Frequency / plan.Rate;
        var t0 = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20;
        var startedAtUtc = DateTime.UtcNow + Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), t0);
        var lagTicks = new long[count];
        await Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < count && !deadline.IsCancellationRequested; i++)
            {
                var scheduled = t0 + (long)(i * ticksPerRequest);
                while (Stopwatch.GetTimestamp() < scheduled)
                {
                    Thread.Sleep(1);
                }

                lagTicks[i] = Stopwatch.GetTimestamp() - scheduled;
                Interlocked.Increment(ref outstanding);
                sent++;
                _ = SendAsync(i, scheduled);
            }

            if (Interlocked.Decrement(ref outstanding) == 0)
            {
                allAnswered.SetResult();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await allAnswered.Task;

        var answered = Enumerable.Range(0, count).Where(i => status[i] > 0).ToArray();
        // Every sent request counts; one that got no answer is infinitely slow, so it cannot flatter the tail.
        var inSendOrder = Enumerable.Range(0, sent)
            .Select(i => status[i] > 0 ? latencyTicks[i] * 1000.0 / Stopwatch.Frequency : double.PositiveInfinity).ToArray();
        var ok = answered.Count(i => status[i] is >= 200 and < 300);
        var elapsed = Math.Max(plan.Seconds, (lastEnd - t0) / (double)Stopwatch.Frequency);
        return new LoadResult(plan, sent, answered.Length, ok, answered.Length - ok, status.Count(s => s < 0), refusedMonths,
            elapsed, inSendOrder, [.. lagTicks.Take(sent).Select(t => t * 1000.0 / Stopwatch.Frequency)], maxInFlight,
            [.. errors.Select(e => e.Value > 1 ? $"{e.Key} (x{e.Value})" : e.Key)])
        { StartedAtUtc = startedAtUtc };
    }

    /// <summary>Keeps the first few distinct errors, counting repeats of those.</summary>
    private static void Keep(ConcurrentDictionary<string, int> errors, string error)
    {
        error = error.Length > 500 ? error[..500] + " ..." : error;
        if (errors.ContainsKey(error) || errors.Count < ErrorsKept)
        {
            errors.AddOrUpdate(error, 1, (_, n) => n + 1);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
