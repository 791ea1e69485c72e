namespace ActionLogement.Benchmarks;

/// <summary>
/// The kernel's counters at one instant: the two cores' clock ticks (busy, waiting on the disk, all) and the bytes
/// written to the disks since boot.
/// </summary>
internal readonly record struct MachineSample(DateTime AtUtc, long Busy, long IoWait, long Total, long DiskWritten);

/// <summary>What the machine did between two samples.</summary>
internal readonly record struct MachineUse(double BusyPercent, double IoWaitPercent, double DiskWrittenMb);

/// <summary>
/// Samples <c>/proc/stat</c> and <c>/proc/diskstats</c> every 100 ms while a run lasts, so the timeline can tell a
/// second the machine was saturated or waiting on the disk from one the engine itself stalled, and show the kernel
/// writing back in a burst what PostgreSQL left in its page cache (the WAL alone is a steady stream).
/// </summary>
internal sealed class MachineTimeline : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly List<MachineSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private MachineTimeline() =>
        // Its own thread, like the load's scheduler, so a busy thread pool cannot skew the sampling.
        _sampling = Task.Factory.StartNew(Sample, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static MachineTimeline Start() => new();

    public async Task<IReadOnlyList<MachineSample>> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        return _samples;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>The busy and I/O-wait shares of the cores between two instants, and the megabytes written to the disks.</summary>
    public static MachineUse? Between(IReadOnlyList<MachineSample> samples, DateTime fromUtc, DateTime toUtc)
    {
        var first = samples.LastOrDefault(s => s.AtUtc <= fromUtc);
        var last = samples.FirstOrDefault(s => s.AtUtc >= toUtc);
        if (first.Total == 0 || last.Total == 0 || last.Total <= first.Total)
        {
            return null;
        }

        var total = (double)(last.Total - first.Total);
        return new MachineUse(100 * (last.Busy - first.Busy) / total, 100 * (last.IoWait - first.IoWait) / total,
            (last.DiskWritten - first.DiskWritten) / 1e6);
    }

    private void Sample()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (Read() is { } sample)
            {
                _samples.Add(sample);
            }

            _stop.Token.WaitHandle.WaitOne(Interval);
        }
    }

    // The first line: "cpu user nice system idle iowait irq softirq steal ...", in clock ticks since boot.
    private static MachineSample? Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Take(8).Select(long.Parse).ToArray();
            var (idle, ioWait) = (fields[3], fields[4]);
            var total = fields.Sum();
            return new MachineSample(DateTime.UtcNow, total - idle - ioWait, ioWait, total, DiskWritten());
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Whole disks backed by a device, looked up once: a partition's writes are also its disk's, a loop or mapper
    // device's those of the disk beneath.
    private static readonly HashSet<string> Disks = Directory.Exists("/sys/block")
        ? [.. Directory.GetDirectories("/sys/block").Where(disk => Directory.Exists(Path.Combine(disk, "device"))).Select(Path.GetFileName).OfType<string>()]
        : [];

    // "major minor name reads ... sectors-written ...": the tenth field counts 512-byte sectors.
    private static long DiskWritten() =>
        File.ReadLines("/proc/diskstats")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 9 && Disks.Contains(fields[2]))
            .Sum(fields => long.Parse(fields[9]) * 512);
}
