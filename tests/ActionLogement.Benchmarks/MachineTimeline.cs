namespace ActionLogement.Benchmarks;

/// <summary>The two cores' use over a short span of wall-clock time, from the kernel's counters.</summary>
internal readonly record struct CpuSample(DateTime AtUtc, long Busy, long IoWait, long Total);

/// <summary>
/// Samples <c>/proc/stat</c> every 100 ms while a run lasts, so the timeline can tell a second the machine was
/// saturated or waiting on the disk from one the engine itself stalled.
/// </summary>
internal sealed class MachineTimeline : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly List<CpuSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private MachineTimeline() =>
        // Its own thread, like the load's scheduler, so a busy thread pool cannot skew the sampling.
        _sampling = Task.Factory.StartNew(Sample, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static MachineTimeline Start() => new();

    public async Task<IReadOnlyList<CpuSample>> StopAsync()
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

    /// <summary>The busy and I/O-wait shares of the machine between two instants, in percent of its cores.</summary>
    public static (double Busy, double IoWait)? Between(IReadOnlyList<CpuSample> samples, DateTime fromUtc, DateTime toUtc)
    {
        var first = samples.LastOrDefault(s => s.AtUtc <= fromUtc);
        var last = samples.FirstOrDefault(s => s.AtUtc >= toUtc);
        if (first.Total == 0 || last.Total == 0 || last.Total <= first.Total)
        {
            return null;
        }

        var total = (double)(last.Total - first.Total);
        return (100 * (last.Busy - first.Busy) / total, 100 * (last.IoWait - first.IoWait) / total);
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
    private static CpuSample? Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Take(8).Select(long.Parse).ToArray();
            var (idle, ioWait) = (fields[3], fields[4]);
            var total = fields.Sum();
            return new CpuSample(DateTime.UtcNow, total - idle - ioWait, ioWait, total);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
