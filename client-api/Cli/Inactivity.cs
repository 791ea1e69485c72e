namespace ActionLogement.Cli;

/// <summary>
/// How long the CLI waits for the server: a token cancelled once <see cref="Limit"/> passes without <see cref="Extend"/>.
/// Extended by nothing, it is the limit of one whole request; extended at each piece of a file sent or received, it
/// gives up on a transfer that stopped moving, however long the file.
/// </summary>
internal sealed class Inactivity : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    public Inactivity(TimeSpan limit)
    {
        Limit = limit;
        _cancel.CancelAfter(limit);
    }

    public TimeSpan Limit { get; }

    public CancellationToken Token => _cancel.Token;

    public bool Expired => _cancel.IsCancellationRequested;

    public void Extend()
    {
        try
        {
            _cancel.CancelAfter(Limit);
        }
        catch (ObjectDisposedException)
        {
            // The request is over.
        }
    }

    public void Dispose() => _cancel.Dispose();
}
