// Load benchmark of unpaid-rent declarations against an already started local system (./run.sh --detach).
// Not part of the test suite (test.sh and CI never run it); run it by hand:
//   dotnet run -c Release --project tests/ActionLogement.Benchmarks -- declarations
//       [--url http://127.0.0.1:5080] [--rate 2000 | --rate 500,1000,2000] [--seconds 30] [--warmup 10] [--timeline]
//       [--no-collect] [--no-flush] [--connection "<npgsql>"]
// First a warm-up at the first rate (printed, not in the table: a freshly started silo and API still compile their
// hot paths). Then for each rate: creates fresh visas and contracts through the API (staff key), lets that settle for
// 5 s, asks the engine for one full collection (unless --no-collect) and the kernel to write its dirty pages (unless
// --no-flush), then offers declarations at that fixed rate
// (open loop, latency from the scheduled send time) and prints them beside the raw PostgreSQL single-row insert rate
// measured on the same database in the same run.
//
//   dotnet run -c Release --project tests/ActionLogement.Benchmarks -- bulk
//       [--rows 100000 | --rows 100000,1000000] [--url http://127.0.0.1:5080] [--connection "<npgsql>"]
// For each row count: 500-row unnest INSERTs of bulk_rows-shaped rows into a scratch table (one connection, at most
// 200,000 rows), then the engine: N visas requested as staff (not timed), an NDJSON file of N valid rows uploaded as
// partner AG-0001 and polled until DONE; prints upload and end-to-end seconds, rows/s and the silo's peak memory.
using System.CommandLine;
using System.Diagnostics;
using ActionLogement.Benchmarks;

// The generator shares the two cores with what it measures. Its socket continuations are short (note the answer,
// start the next read), so they run on the socket event thread itself instead of waking a thread-pool worker for each:
// 0.07-0.08 ms of CPU per declaration instead of 0.09-0.10. Read once, when the first socket is created, so set
// before any is.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

var url = new Option<string>("--url") { DefaultValueFactory = _ => "http://127.0.0.1:5080", Description = "the started system's API" };
var connection = new Option<string?>("--connection") { Description = "Npgsql connection string (default: the local system's .data/pg)" };
var rate = new Option<int[]>("--rate") { DefaultValueFactory = _ => [2000], CustomParser = r => CommaList.Parse(r) };
var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 30 };
seconds.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError("--seconds must be above 0."); });
var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 10, Description = "seconds of load at each rate, lowest first, before the measured runs (0: none)" };
warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--warmup must be 0 or more."); });
var timeline = new Option<bool>("--timeline") { Description = "also print each second's p50/p99/max of every measured run" };
var noCollect = new Option<bool>("--no-collect")
{
    Description = "do not ask the engine for a full collection between a run's set-up and its load (by default it does, so that the load does not collect what the set-up left)",
};
var noFlush = new Option<bool>("--no-flush")
{
    Description = "do not write the page cache's dirty pages to the disk between a run's set-up and its load (by default it does, with sync, so that the kernel does not write back the set-up's pages during the load)",
};
var rows = new Option<int[]>("--rows") { DefaultValueFactory = _ => [100_000], CustomParser = r => CommaList.Parse(r, BulkBenchmark.MaxRows) };

var declarations = new Command("declarations", "unpaid-rent declarations at fixed offered rates")
{
    url, rate, seconds, warmup, timeline, noCollect, noFlush, connection,
};
declarations.SetAction(parse => DeclarationsBenchmark.RunAsync(args, parse.GetValue(url)!.TrimEnd('/'), parse.GetValue(rate)!,
    parse.GetValue(seconds), parse.GetValue(warmup), parse.GetValue(timeline), !parse.GetValue(noCollect), !parse.GetValue(noFlush),
    parse.GetValue(connection)));
var bulk = new Command("bulk", "partner bulk activation, upload to last result") { url, rows, connection };
bulk.SetAction(parse => BulkBenchmark.RunAsync(args, parse.GetValue(url)!.TrimEnd('/'), parse.GetValue(rows)!, parse.GetValue(connection)));

return await new RootCommand("Action Logement benchmarks (not part of the test run)") { declarations, bulk }.Parse(args).InvokeAsync();

internal static class DeclarationsBenchmark
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WatchesSettle = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args, string url, int[] rates, int seconds, int warmup, bool timeline, bool collect, bool flush,
        string? connection)
    {
        Report.PrintMachine(args);
        using var http = Api.CreateClient(url);
        if (!await Api.IsReadyAsync(http))
        {
            Console.Error.WriteLine($"{url}/health/ready does not answer 'ready': start the system first (./run.sh --detach).");
            return 1;
        }

        connection ??= RawPostgres.LocalConnectionString();
        Console.WriteLine($"Raw PostgreSQL: single-row INSERTs from {RawPostgres.Connections} connections for {RawPostgres.Duration.TotalSeconds:0} s ...");
        var raw = await RawPostgres.MeasureAsync(connection);
        Console.WriteLine($"  {raw.Rows} rows in {raw.Seconds:0.0} s = {raw.RowsPerSecond:0} rows/s");

        // A fresh silo and API keep compiling their hot paths (tiered JIT) for well over ten seconds of load: the warm-up
        // runs every rate, lowest first, so each measured run meets compiled code and a system that has already
        // carried the highest load.
        if (warmup > 0)
        {
            foreach (var warmupRate in rates.Order())
            {
                await RunStepAsync(http, connection, warmupRate, warmup, collect, flush, "Warm-up (not counted):");
            }
        }

        var results = new List<LoadResult>();
        foreach (var rate in rates)
        {
            results.Add(await RunStepAsync(http, connection, rate, seconds, collect, flush));
            if (timeline)
            {
                Report.PrintTimeline(results[^1]);
            }
        }

        Report.PrintTable(results, raw);
        return 0;
    }

    private static async Task<LoadResult> RunStepAsync(HttpClient http, string connection, int rate, int seconds, bool collect, bool flush,
        string label = "Rate")
    {
        var plan = LoadPlan.For(rate, seconds);
        Console.WriteLine();
        Console.WriteLine($"{label} {rate}/s for {seconds} s: {plan.Declarations} declarations over {plan.Contracts} fresh contracts.");
        var setupClock = Stopwatch.StartNew();
        var contracts = await Setup.CreateContractsAsync(http, plan.Contracts);
        Console.WriteLine($"  setup: {contracts.Count} visas + contracts + opening declarations in {setupClock.Elapsed.TotalSeconds:0.0} s");
        // Thousands of contracts created in a few seconds leave work behind them (handovers to their recovery cases,
        // new rows for PostgreSQL to write out) that is no declaration's: it drains before the load starts. Well
        // within the contracts' two minutes of idleness before they are deactivated.
        await Task.Delay(Settle);
        // Then one full collection of the engine, as BenchmarkDotNet collects between iterations: otherwise the first
        // collections under load promote what the set-up left (1,800 new contracts, visas and recovery cases at
        // 2,000/s, in 2 s, where production activates about one contract a minute), gen1 pauses of 45-60 ms that
        // belong to the set-up, not to the declarations.
        if (collect)
        {
            foreach (var (process, pause) in await EngineHeap.CollectAsync(TimeSpan.FromSeconds(10)))
            {
                Console.WriteLine($"  induced collection of the {process}: {(pause is { } ms ? $"{ms:0.0} ms" : "not seen")}");
            }
        }

        // Likewise the disk: what the set-up (and the raw PostgreSQL measurement before it) left dirty in the page cache
        // is written now rather than by the kernel's write-back in the load's first seconds.
        if (flush)
        {
            var (dirtyMb, took) = await PageCache.FlushAsync();
            Console.WriteLine($"  write-back of {dirtyMb:0} MB left dirty by the set-up (sync): {took.TotalSeconds:0.0} s");
        }

        // The watches start before the load, not with it: opening the EventPipe sessions starts TraceEvent's readers
        // here, about 0.1 s of this process's CPU taken from the engine in the first second of the load, which then
        // showed as that second's latency.
        await using var gc = await GcPauseWatch.StartAsync();
        await using var machine = MachineTimeline.Start();
        await using var disk = DiskProbe.Start(RawPostgres.FindDataDirectory() ?? Path.GetTempPath());
        await Task.Delay(WatchesSettle);
        var before = await ResourceMeter.TakeAsync(connection);
        gc.CountFrom(DateTime.UtcNow);
        var own = OwnCollections.Take();
        var result = await LoadGenerator.RunAsync(http, plan, contracts);
        result = result with
        {
            GeneratorCollections = OwnCollections.Take() - own,
            Machine = await machine.StopAsync(),
            DiskSyncs = await disk.StopAsync(),
            Cost = RunCost.Between(before, await ResourceMeter.TakeAsync(connection), Math.Max(1, result.Ok)),
            GcPauses = await gc.StopAsync(),
            Autovacuums = await Autovacuums.EndedBetweenAsync(connection, result.StartedAtUtc, DateTime.UtcNow),
        };
        Report.PrintRun(result);
        return result;
    }
}
