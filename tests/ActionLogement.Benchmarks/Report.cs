using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace ActionLogement.Benchmarks;

internal static class Report
{
    /// <summary>The issue's target for a declaration's p99 at 2,000/s.</summary>
    private const double TargetMs = 25;

    public static void PrintMachine(string[] args, string title = "unpaid-rent declarations (open loop)")
    {
        Console.WriteLine($"Action Logement benchmark: {title}");
        Console.WriteLine($"  command  dotnet run -c Release --project tests/ActionLogement.Benchmarks -- {string.Join(' ', args.Select((a, i) => Quote(i > 0 && args[i - 1] == "--connection" ? MaskPassword(a) : a)))}");
        Console.WriteLine($"  machine  {Environment.ProcessorCount} cores, {ProcInfo("/proc/cpuinfo", "model name") ?? "unknown CPU"}, "
            + $"{ProcInfo("/proc/meminfo", "MemTotal") ?? "unknown"} RAM");
        Console.WriteLine($"  runtime  {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription}");
        Console.WriteLine($"  started  {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC (the benchmark, API, silo and PostgreSQL share this machine)");
        Console.WriteLine();
    }

    public static void PrintRun(LoadResult r)
    {
        Console.WriteLine($"  load: sent {r.Sent}/{r.Plan.Declarations}, answered {r.Completed} in {r.ElapsedSeconds:0.0} s; "
            + $"2xx {r.Ok} (of which {r.OkWithRefusedMonth} with a refused month), non-2xx {r.NotOk}, transport errors/timeouts {r.TransportErrors}");
        var lags = r.SendLagMsInSendOrder.Order().ToArray();
        Console.WriteLine($"        max in flight {r.MaxInFlight}; the generator's send lag: p50 {LoadResult.PercentileOf(lags, 50):0.0}, "
            + $"p99 {LoadResult.PercentileOf(lags, 99):0.0}, max {LoadResult.PercentileOf(lags, 100):0.0} ms, {lags.Count(l => l >= 5) * 100.0 / Math.Max(1, lags.Length):0.0}% sent 5 ms late or more");
        if (r.Cost is { } cost)
        {
            var parts = string.Join(" + ", cost.CpuMs.OrderBy(p => p.Key == ResourceMeter.Generator).Select(p => $"{p.Key} {p.Value:0.00}"));
            Console.WriteLine($"        cost per declaration: CPU ms {parts} = {cost.TotalCpuMs:0.00} "
                + $"({r.Plan.Rate:#,0}/s of them would take {cost.TotalCpuMs * r.Plan.Rate / 1000:0.0} of the {Environment.ProcessorCount} cores); "
                + $"WAL {cost.WalBytes / 1024:0.0} KiB; {cost.Commits:0.00} commits");
        }

        if (r.GcPauses.Count > 0)
        {
            Console.WriteLine("        GC pauses: " + string.Join("; ", r.GcPauses.Select(p =>
                $"{p.Process} {p.Count} ({p.TotalMs / 1000:0.00} s in all, longest {p.LongestMs:0.0} ms{(p.LongestGc is null ? "" : ", " + p.LongestGc)})")));
        }

        if (r.GeneratorCollections is { } own)
        {
            // GC.CollectionCount(0) counts every collection (a gen1 one collects gen0 too); the generations say which.
            Console.WriteLine($"        the generator's own collections: {own.Gen0} ({own.Gen1} of gen1, {own.Gen2} of gen2), "
                + $"{own.Paused.TotalMilliseconds:0} ms paused in all");
        }

        foreach (var error in r.FirstErrors)
        {
            Console.WriteLine($"        error: {error}");
        }
    }

    /// <summary>
    /// Latency of the requests scheduled in each second of the run, beside what the engine and the machine did in that
    /// second: the engine's collection pauses, the share of the two cores busy or waiting on the disk, and what was
    /// written to the disk (a steady stream of WAL, and now and then the kernel writing back a burst of pages). A slow
    /// second with none of these is a stall of something else; its queue then shows in the seconds after it.
    /// </summary>
    public static void PrintTimeline(LoadResult r)
    {
        Console.WriteLine($"        second 0 began at {r.StartedAtUtc:HH:mm:ss.fff} UTC");
        Console.WriteLine("        second   p50 ms   p99 ms   max ms   GC ms  busy %  iowait %  disk MB  sync ms");
        var pauses = r.GcPauses.SelectMany(g => g.Pauses).ToList();
        foreach (var (second, latencies) in r.LatencyMsInSendOrder.Chunk(r.Plan.Rate).Index())
        {
            var sorted = latencies.Order().ToArray();
            var (from, to) = (r.StartedAtUtc.AddSeconds(second), r.StartedAtUtc.AddSeconds(second + 1));
            var gc = pauses.Where(p => p.StartUtc >= from && p.StartUtc < to).Sum(p => p.Ms);
            var machine = MachineTimeline.Between(r.Machine, from, to);
            var syncs = r.DiskSyncs.Where(s => s.StartUtc >= from && s.StartUtc < to).Select(s => s.Ms).DefaultIfEmpty().Max();
            Console.WriteLine($"        {second,6}  {Ms(LoadResult.PercentileOf(sorted, 50)),7}  {Ms(LoadResult.PercentileOf(sorted, 99)),7}  {Ms(sorted[^1]),7}"
                + $"  {gc,6:0}  {Whole(machine?.BusyPercent),6}  {Whole(machine?.IoWaitPercent),8}  {Whole(machine?.DiskWrittenMb),7}  {Ms(syncs),7}");
        }

        PrintStalls(r);
        Console.WriteLine(r.Autovacuums.Count == 0
            ? "        autovacuum: no pass ended during the run"
            : "        autovacuum passes that ended during the run: " + string.Join(", ",
                r.Autovacuums.Select(a => $"{a.Table} {a.Pass} at {(a.EndedUtc - r.StartedAtUtc).TotalSeconds:0.0} s")));
    }

    /// <summary>
    /// How much of the tail stalls make: of the requests slower than the target, how many were sent in a 100 ms window
    /// where even the median was (everything waited: a disk flush, a pause) rather than spread through the run (a queue
    /// that the spare capacity drains slowly). One stall of a quarter of a second holds up some 500 requests at
    /// 2,000/s, close to the 1% that a p99 allows.
    /// </summary>
    private static void PrintStalls(LoadResult r)
    {
        var perWindow = Math.Max(1, r.Plan.Rate / 10);
        var slow = r.LatencyMsInSendOrder.Count(l => l > TargetMs);
        var windows = r.LatencyMsInSendOrder.Chunk(perWindow).Index()
            .Select(w => (w.Index, StartSeconds: w.Index / 10.0, Sorted: w.Item.Order().ToArray())).ToList();
        var stalls = windows.Where(w => LoadResult.PercentileOf(w.Sorted, 50) > TargetMs).ToList();
        var inStalls = stalls.Sum(w => w.Sorted.Count(l => l > TargetMs));
        var diskStalled = windows.Where(w => DiskStalledIn(r, w.StartSeconds)).Select(w => w.Index).ToHashSet();
        var where = stalls.Count == 0 ? "" : ", at " + string.Join(", ", stalls.Select(w => $"{w.StartSeconds:0.0} s"));
        Console.WriteLine(slow == 0
            ? $"        over {TargetMs} ms: none of {r.Sent:N0} requests"
            : $"        over {TargetMs} ms: {slow:N0} of {r.Sent:N0} requests; {inStalls:N0} of them sent in {stalls.Count} stalled 100 ms "
                + $"window(s) (median over {TargetMs} ms){where}"
                + (stalls.Count == 0 ? "" : $"; the disk probe waited over {TargetMs} ms in {stalls.Count(w => diskStalled.Contains(w.Index))} of those windows"));
        if (r.DiskSyncs.Count == 0)
        {
            return;
        }

        var syncs = r.DiskSyncs.Select(s => s.Ms).Order().ToArray();
        Console.WriteLine($"        disk probe (4 KiB + fdatasync every 20 ms, outside PostgreSQL): {syncs.Length:N0} flushes, p50 "
            + $"{LoadResult.PercentileOf(syncs, 50):0.00} ms, p99 {LoadResult.PercentileOf(syncs, 99):0.0} ms, max {syncs[^1]:0} ms, "
            + $"{syncs.Count(ms => ms > TargetMs)} over {TargetMs} ms");
        if (diskStalled.Count > 0)
        {
            // What the engine did when the disk let it: the queue a stall leaves behind it still counts.
            var outside = windows.Where(w => !diskStalled.Contains(w.Index)).SelectMany(w => w.Sorted).Order().ToArray();
            Console.WriteLine($"        p99 of the {outside.Length:N0} requests sent outside the {diskStalled.Count} window(s) in which the "
                + $"probe waited over {TargetMs} ms: {LoadResult.PercentileOf(outside, 99):0.0} ms (the run's p99 counts them all)");
        }
    }

    /// <summary>Whether a probe flush slower than the target overlapped the 100 ms window starting at that second.</summary>
    private static bool DiskStalledIn(LoadResult r, double startSeconds)
    {
        var (from, to) = (r.StartedAtUtc.AddSeconds(startSeconds), r.StartedAtUtc.AddSeconds(startSeconds + 0.1));
        return r.DiskSyncs.Any(s => s.Ms > TargetMs && s.StartUtc < to && s.StartUtc.AddMilliseconds(s.Ms) > from);
    }

    private static string Whole(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    public static void PrintTable(IReadOnlyList<LoadResult> results, RawResult raw)
    {
        string[] header = ["offered/s", "seconds", "sent", "done/s", "2xx/s", "2xx", "non-2xx", "p50 ms", "p90 ms", "p99 ms", "max ms",
            "CPU ms/decl", "raw PG rows/s", "2xx/s : raw"];
        var rows = results.Select(r => new[]
        {
            N(r.Plan.Rate), N(r.Plan.Seconds), N(r.Sent), N(r.CompletedPerSecond), N(r.OkPerSecond), N(r.Ok),
            N(r.NotOk + r.TransportErrors), Ms(r.Percentile(50)), Ms(r.Percentile(90)), Ms(r.Percentile(99)), Ms(r.Percentile(100)),
            r.Cost is { } cost ? cost.TotalCpuMs.ToString("0.00", CultureInfo.InvariantCulture) : "-", N(raw.RowsPerSecond), (r.OkPerSecond / raw.RowsPerSecond).ToString("0.000", CultureInfo.InvariantCulture),
        }).ToList();
        var widths = header.Select((h, c) => rows.Select(row => row[c].Length).Append(h.Length).Max()).ToArray();

        Console.WriteLine();
        Console.WriteLine("Results (latency from the scheduled send time over every sent request, 'none' = no answer in time;");
        Console.WriteLine("         non-2xx includes transport errors and timeouts; done/s = answers / (last answer - t0))");
        Console.WriteLine(Line(header, widths));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        rows.ForEach(row => Console.WriteLine(Line(row, widths)));
        Console.WriteLine($"raw PG: {raw.Rows} single-row autocommit INSERTs from {RawPostgres.Connections} connections in {raw.Seconds:0.0} s");
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, c) => cell.PadLeft(widths[c])));

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => double.IsNaN(value) ? "-" : double.IsInfinity(value) ? "none" : value.ToString(value < 100 ? "0.0" : "#,0", CultureInfo.InvariantCulture);

    private static string Quote(string arg) => arg.Any(char.IsWhiteSpace) || arg.Length == 0 ? $"\"{arg}\"" : arg;

    private static string MaskPassword(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "***";
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "***";
        }
    }

    private static string? ProcInfo(string file, string key)
    {
        try
        {
            return File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
