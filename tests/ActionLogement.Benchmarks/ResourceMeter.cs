using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ActionLogement.Benchmarks;

/// <summary>CPU seconds used so far by each part of the local system, and PostgreSQL's WAL and commit counters.</summary>
internal sealed record ResourceSnapshot(IReadOnlyDictionary<string, double> CpuSeconds, long WalBytes, long Commits);

/// <summary>
/// What one answered declaration cost, between two snapshots: CPU milliseconds per part, WAL bytes and commits. Unlike
/// latency, these barely move with the machine's noise, and they say how many declarations a second the cores can take.
/// </summary>
internal sealed record RunCost(IReadOnlyDictionary<string, double> CpuMs, double WalBytes, double Commits)
{
    public double TotalCpuMs => CpuMs.Values.Sum();

    public static RunCost Between(ResourceSnapshot before, ResourceSnapshot after, int declarations) =>
        new(after.CpuSeconds.ToDictionary(p => p.Key, p => (p.Value - before.CpuSeconds.GetValueOrDefault(p.Key)) * 1000 / declarations),
            (after.WalBytes - before.WalBytes) / (double)declarations, (after.Commits - before.Commits) / (double)declarations);
}

/// <summary>
/// Reads the CPU time of the engine's processes (<c>.data/run.pids</c>: the silo and the API, or the one API process
/// hosting the silo), of PostgreSQL (the postmaster of
/// <c>.data/pg</c> and its children) and of this generator from <c>/proc</c>, and the counters from PostgreSQL.
/// A PostgreSQL process that ends between two snapshots (an autovacuum worker, say) takes its CPU time with it.
/// </summary>
internal static class ResourceMeter
{
    public const string Api = "API", Silo = "silo", ApiWithSilo = "API+silo", Postgres = "PostgreSQL", Generator = "generator";

    // USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux the runtime supports.
    private const double TicksPerSecond = 100;

    public static async Task<ResourceSnapshot> TakeAsync(string connectionString)
    {
        var cpu = new Dictionary<string, double> { [Generator] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds };
        foreach (var (name, pid) in LocalProcesses())
        {
            cpu[name] = CpuSeconds(pid);
        }

        if (RawPostgres.FindDataDirectory() is { } data)
        {

            var postmaster = Path.Combine(data, "pg", "postmaster.pid");
            if (File.Exists(postmaster) && int.TryParse(File.ReadLines(postmaster).First(), out var pid))
            {
                cpu[Postgres] = CpuSeconds(pid) + ChildrenOf(pid).Sum(CpuSeconds);
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT wal_bytes FROM pg_stat_wal)::bigint, (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new ResourceSnapshot(cpu, reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// The engine's processes as the local start records them in <c>.data/run.pids</c>: the silo then the API, or a
    /// single line for the API hosting the silo (the default start). Empty when there is no such file.
    /// </summary>
    public static IReadOnlyList<(string Name, int Pid)> LocalProcesses()
    {
        var file = RawPostgres.FindDataDirectory() is { } data ? Path.Combine(data, "run.pids") : null;
        var pids = file is not null && File.Exists(file)
            ? File.ReadAllLines(file).Select(l => int.TryParse(l.Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : 0).Where(p => p > 0).ToArray()
            : [];
        return pids switch
        {
            [var engine] => [(ApiWithSilo, engine)],
            [var silo, var api, ..] => [(Silo, silo), (Api, api)],
            _ => [],
        };
    }

    /// <summary>The process that runs the silo: the first of <see cref="LocalProcesses"/>.</summary>
    public static int? SiloPid() => LocalProcesses() is [var (_, pid), ..] ? pid : null;

    private static double CpuSeconds(int pid) =>
        Stat(pid) is { } fields ? (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond : 0;

    private static IEnumerable<int> ChildrenOf(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Stat(pid) is { } fields && fields[1] == parent.ToString(CultureInfo.InvariantCulture));

    /// <summary>The fields of <c>/proc/pid/stat</c> after the command name: [0] state, [1] parent, [11] utime, [12] stime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
