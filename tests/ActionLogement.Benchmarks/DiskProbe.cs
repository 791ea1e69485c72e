using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ActionLogement.Benchmarks;

/// <summary>One write-and-flush of the probe: when it began and how long the disk took.</summary>
internal readonly record struct DiskSync(DateTime StartUtc, double Ms);

/// <summary>
/// Asks the disk PostgreSQL writes to, on a thread of its own and outside PostgreSQL, how long a flush takes: every
/// 20 ms it overwrites 4 KiB of a small file of its own in place and waits for <c>fdatasync</c>, as a commit waits for
/// the WAL's. A slow request in a second where this probe also waited is the disk's, not the engine's: on 2026-12-06
/// a plain loop of such flushes, nothing else running, waited up to 0.4–0.9 s now and then. Fifty small flushes a
/// second beside the engine's thousand or more add nothing measurable.
/// </summary>
internal sealed class DiskProbe : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private const int BlockSize = 4096;
    private const int Blocks = 256;

    private readonly List<DiskSync> _syncs = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly string _path;
    private readonly Task _probing;

    private DiskProbe(string path)
    {
        _path = path;
        _probing = Task.Factory.StartNew(Probe, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Starts probing in <paramref name="directory"/> (the private PostgreSQL's data directory, on its disk).</summary>
    public static DiskProbe Start(string directory) => new(Path.Combine(directory, $"disk-probe-{Environment.ProcessId}.bin"));

    public async Task<IReadOnlyList<DiskSync>> StopAsync()
    {
        await _stop.CancelAsync();
        await _probing;
        return _syncs;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private void Probe()
    {
        try
        {
            using var file = File.OpenHandle(_path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            var block = new byte[BlockSize];
            // Written and flushed whole first, so that the probe's own flushes overwrite blocks already allocated.
            for (var i = 0; i < Blocks; i++)
            {
                RandomAccess.Write(file, block, (long)i * BlockSize);
            }

            Sync(file);
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var start = DateTime.UtcNow;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                block[0] = (byte)n;
                RandomAccess.Write(file, block, (long)(n % Blocks) * BlockSize);
                Sync(file);
                _syncs.Add(new DiskSync(start, clock.Elapsed.TotalMilliseconds));
                _stop.Token.WaitHandle.WaitOne(Interval);
            }
        }
        catch (IOException)
        {
            // No probe rather than no benchmark: the report then says the probe saw nothing.
        }
    }

    private static void Sync(SafeFileHandle file)
    {
        if (fdatasync(file.DangerousGetHandle().ToInt32()) != 0)
        {
            throw new IOException($"fdatasync failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fdatasync(int fd);
}
