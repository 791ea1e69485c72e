// Load benchmark of unpaid-rent declarations against an already started local system (./run.sh --detach).
// Not part of the test suite (test.sh and CI never run it); run it by hand:
//   dotnet run -c Release --project tests/ActionLogement.Benchmarks -- declarations
//       [--url http://127.0.0.1:5080] [--rate 2000 | --rate 500,1000,2000] [--seconds 30] [--connection "<npgsql>"]
// For each rate: creates fresh visas and contracts through the API (staff key), then offers declarations at that
// fixed rate (open loop, latency from the scheduled send time) and prints them beside the raw PostgreSQL
// single-row insert rate measured on the same database in the same run.
//
//   dotnet run -c Release --project tests/ActionLogement.Benchmarks -- bulk
//       [--rows 100000 | --rows 100000,1000000] [--url http://127.0.0.1:5080] [--connection "<npgsql>"]
// For each row count: 500-row unnest INSERTs of bulk_rows-shaped rows into a scratch table (one connection, at most
// 200,000 rows), then the engine: N visas requested as staff (not timed), an NDJSON file of N valid rows uploaded as
// partner AG-0001 and polled until DONE; prints upload and end-to-end seconds, rows/s and the silo's peak memory.
using System.Diagnostics;
using ActionLogement.Benchmarks;

if (args.Length > 0 && args[0] == "bulk")
{
    return await BulkBenchmark.RunAsync(args);
}

if (Options.Parse(args) is not { } options)
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

Report.PrintMachine(args);
using var http = Api.CreateClient(options.Url);
if (!await Api.IsReadyAsync(http))
{
    Console.Error.WriteLine($"{options.Url}/health/ready does not answer 'ready': start the system first (./run.sh --detach).");
    return 1;
}

var connection = options.Connection ?? RawPostgres.LocalConnectionString();
Console.WriteLine($"Raw PostgreSQL: single-row INSERTs from {RawPostgres.Connections} connections for {RawPostgres.Duration.TotalSeconds:0} s ...");
var raw = await RawPostgres.MeasureAsync(connection);
Console.WriteLine($"  {raw.Rows} rows in {raw.Seconds:0.0} s = {raw.RowsPerSecond:0} rows/s");

var results = new List<LoadResult>();
foreach (var rate in options.Rates)
{
    if (results.Count > 0)
    {
        await Task.Delay(TimeSpan.FromSeconds(5)); // let the previous run's backlog settle
    }

    var plan = LoadPlan.For(rate, options.Seconds);
    Console.WriteLine();
    Console.WriteLine($"Rate {rate}/s for {options.Seconds} s: {plan.Declarations} declarations over {plan.Contracts} fresh contracts.");
    var setupClock = Stopwatch.StartNew();
    var contracts = await Setup.CreateContractsAsync(http, plan.Contracts);
    Console.WriteLine($"  setup: {contracts.Count} visas + contracts + opening declarations in {setupClock.Elapsed.TotalSeconds:0.0} s");
    var result = await LoadGenerator.RunAsync(http, plan, contracts);
    Report.PrintRun(result);
    results.Add(result);
}

Report.PrintTable(results, raw);
return 0;

/// <summary>Plain argument parsing: it is a benchmark.</summary>
internal sealed record Options(string Url, IReadOnlyList<int> Rates, int Seconds, string? Connection)
{
    public const string Usage =
        "usage: declarations [--url http://127.0.0.1:5080] [--rate 2000 | --rate 500,1000,2000] [--seconds 30] [--connection \"<npgsql>\"]";

    public static Options? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "declarations" || args.Length % 2 == 0)
        {
            return null;
        }

        var options = new Options("http://127.0.0.1:5080", [2000], 30, null);
        for (var i = 1; i < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--url":
                    options = options with { Url = value.TrimEnd('/') };
                    break;
                case "--rate":
                    var rates = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (rates.Length == 0 || !rates.All(r => int.TryParse(r, out var n) && n > 0))
                    {
                        return null;
                    }

                    options = options with { Rates = [.. rates.Select(int.Parse)] };
                    break;
                case "--seconds" when int.TryParse(value, out var seconds) && seconds > 0:
                    options = options with { Seconds = seconds };
                    break;
                case "--connection":
                    options = options with { Connection = value };
                    break;
                default:
                    return null;
            }
        }

        return options;
    }
}
