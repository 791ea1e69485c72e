using System.Diagnostics;

namespace ActionLogement.Benchmarks;

/// <summary>
/// The kernel's dirty pages: what the set-up and the raw PostgreSQL measurement wrote through the page cache and the
/// kernel has not written to the disk yet. Left there, they are written back about 30 s later, in one burst, in the
/// middle of the measured load, and every commit's flush waits behind it.
/// </summary>
internal static class PageCache
{
    /// <summary>Writes every dirty page to the disk (coreutils' sync); returns how many megabytes were dirty and how long it took.</summary>
    public static async Task<(double DirtyMb, TimeSpan Took)> FlushAsync()
    {
        var dirty = DirtyMegabytes();
        var clock = Stopwatch.StartNew();
        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false })
            ?? throw new InvalidOperationException("sync did not start.");
        await sync.WaitForExitAsync();
        return (dirty, clock.Elapsed);
    }

    private static double DirtyMegabytes()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("Dirty:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }
}
