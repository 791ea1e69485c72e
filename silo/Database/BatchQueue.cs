using System.Threading.Channels;

namespace ActionLogement.Database;

/// <summary>
/// Work that many callers add one item at a time, handed to a few loops in batches: each loop takes whatever is
/// waiting (up to a maximum) and runs it together. While one batch runs, the next one fills up, so the busier the
/// callers, the larger the batches, and an idle queue sends a lone item at once.
/// </summary>
public sealed class BatchQueue<T> : IAsyncDisposable
{
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>();
    private readonly Task[] _loops;

    /// <param name="run">Runs one batch and completes its items.</param>
    /// <param name="fail">Completes the items of a batch whose <paramref name="run"/> threw.</param>
    public BatchQueue(int loops, int maxBatch, Func<List<T>, Task> run, Action<List<T>, Exception> fail)
    {
        _loops = [.. Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(maxBatch, run, fail)))];
    }

    public void Add(T item)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            throw new ObjectDisposedException(nameof(BatchQueue<T>));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
    }

    private async Task LoopAsync(int maxBatch, Func<List<T>, Task> run, Action<List<T>, Exception> fail)
    {
        var batch = new List<T>(maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < maxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await run(batch);
            }
            catch (Exception e)
            {
                fail(batch, e);
            }

            batch.Clear();
        }
    }
}
