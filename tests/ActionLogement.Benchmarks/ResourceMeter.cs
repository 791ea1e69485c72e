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
/// Reads the CPU time of the silo and the API (<c>.data/run.pids</c>), of PostgreSQL (the postmaster of
/// <c>.data/pg</c> and its children) and of this generator from <c>/proc</c>, and the counters from PostgreSQL.
/// A PostgreSQL process that ends between two snapshots (an autovacuum worker, say) takes its CPU time with it.
/// </summary>
internal static class ResourceMeter
{
    public const string Api = "API", Silo = "silo", Postgres = "PostgreSQL", Generator = "generator";

    // USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux the runtime supports.
    private const double TicksPerSecond = 100;

    public static async Task<ResourceSnapshot> TakeAsync(string connectionString)
    {
        var cpu = new Dictionary<string, double> { [Generator] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds };
        if (LocalPids() is var (silo, api))
        {
            cpu[Silo] = CpuSeconds(silo);
            cpu[Api] = CpuSeconds(api);
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

    /// <summary>The silo's and the API's process ids, as the local start records them in <c>.data/run.pids</c>.</summary>
    public static (int Silo, int Api)? LocalPids()
    {
        var pids = RawPostgres.FindDataDirectory() is { } data ? Path.Combine(data, "run.pids") : null;
        return pids is not null && File.Exists(pids) && File.ReadAllLines(pids) is [var silo, var api, ..]
            && int.TryParse(silo.Trim(), CultureInfo.InvariantCulture, out var siloPid) && int.TryParse(api.Trim(), CultureInfo.InvariantCulture, out var apiPid)
            ? (siloPid, apiPid)
            : null;
    }

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
