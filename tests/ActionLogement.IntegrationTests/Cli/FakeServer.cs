using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActionLogement.IntegrationTests.Cli;

/// <summary>
/// A server on a loopback port that accepts connections and either never answers (nor reads what is sent) or gives
/// every request one canned HTTP answer: what the CLI meets when the engine hangs or fails.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private FakeServer(string? answer)
    {
        _listener.Start();
        _accepting = AcceptAsync(answer);
    }

    /// <summary>The head (request line and headers) of every request answered.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static FakeServer Silent() => new(null);

    /// <summary>Answers every request with this status and JSON body, once its headers are read.</summary>
    public static FakeServer Answering(int status, string json) => new(
        $"HTTP/1.1 {status} Whatever\r\nContent-Type: application/problem+json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n" +
        $"Connection: close\r\n\r\n{json}");

    private async Task AcceptAsync(string? answer)
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections)
                {
                    _connections.Add(connection);
                }

                if (answer is not null)
                {
                    _ = AnswerAsync(connection, answer);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task AnswerAsync(TcpClient connection, string answer)
    {
        var stream = connection.GetStream();
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var text = seen.ToString();
        Requests.Enqueue(text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)]);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
    }
}
