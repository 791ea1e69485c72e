using System.Collections.Concurrent;
using Npgsql;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// What this API has heard of revocations, so that a key it caches (<see cref="ApiKeyAuthenticationHandler"/>) stops
/// working as soon as it is revoked, on every API node, rather than when its cache entry expires: a revoked key is
/// usually a leaked one.
/// </summary>
public sealed class RevokedKeys(TimeProvider clock)
{
    // A key revoked is only looked for until every cache entry made before its revocation has expired.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recent = new();
    private long _generation;

    /// <summary>Changes whenever revocations may have been missed; a cache entry made under another one is not trusted.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool Revoked(string keyId, long cachedUnder) =>
        cachedUnder != Generation || (!_recent.IsEmpty && _recent.ContainsKey(keyId));

    public void Heard(string keyId)
    {
        var now = clock.GetUtcNow();
        _recent[keyId] = now;
        foreach (var (id, heardAt) in _recent)
        {
            if (now - heardAt > ApiKeyAuthenticationHandler.CacheFor * 2)
            {
                _recent.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Revocations made while this API was not listening are unknown: forget every key cached so far.</summary>
    public void MayHaveMissedSome() => Interlocked.Increment(ref _generation);
}

/// <summary>Listens for revocations announced by any API node (<see cref="ApiKeys.RevokedChannel"/>).</summary>
public sealed class RevokedKeysListener(NpgsqlDataSource database, RevokedKeys revoked, ILogger<RevokedKeysListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => revoked.Heard(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ApiKeys.RevokedChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                revoked.MayHaveMissedSome();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Not listening for revoked API keys; next try in {Delay}", RetryAfter);
                revoked.MayHaveMissedSome();
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }
}
