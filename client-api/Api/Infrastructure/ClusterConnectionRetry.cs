namespace ActionLogement.Api.Infrastructure;

/// <summary>The API may start before any silo: keep trying to reach the cluster instead of failing start-up.</summary>
public sealed class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (++_attempts % 10 == 1)
        {
            logger.LogWarning("Cluster not reachable yet (attempt {Attempt}); retrying.", _attempts);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}
