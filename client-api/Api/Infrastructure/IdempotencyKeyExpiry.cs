using Microsoft.Extensions.Options;

namespace ActionLogement.Api.Infrastructure;

/// <summary>How long an <c>Idempotency-Key</c> is remembered: section <c>Idempotency</c> of the configuration.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>A replay within this many days gets the first answer; after it, the key is forgotten.</summary>
    public int KeepDays { get; set; } = 7;

    /// <summary>How often the expired keys are deleted.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromHours(1);
}

public static class IdempotencyKeyExpiryExtensions
{
    /// <summary>
    /// The expiry job and its settings, checked at start-up: keeping keys for less than a day would delete those of
    /// commands still being retried (0 would delete them all).
    /// </summary>
    public static IServiceCollection AddIdempotencyKeyExpiry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection("Idempotency"))
            .Validate(o => o.KeepDays >= 1, "Idempotency:KeepDays must be at least 1.")
            .Validate(o => o.Every > TimeSpan.Zero, "Idempotency:Every must be a positive duration.")
            .ValidateOnStart();
        return services.AddHostedService<IdempotencyKeyExpiry>();
    }
}

/// <summary>
/// Deletes expired idempotency keys, so the table holds a week of commands rather than all of them. Every API instance
/// runs it; the deletes are idempotent, so several at once only share the work. Keys that a grain keeps with the change
/// it recorded (declarations) are not affected: the grain still recognises their replays.
/// </summary>
public sealed class IdempotencyKeyExpiry(IdempotencyStore store, TimeProvider clock, IOptions<IdempotencyOptions> options,
    ILogger<IdempotencyKeyExpiry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Every, clock);
        do
        {
            try
            {
                var deleted = await store.ExpireAsync(clock.GetUtcNow().AddDays(-options.Value.KeepDays), ct: stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} idempotency keys older than {Days} days", deleted, options.Value.KeepDays);
                }
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Expired idempotency keys not deleted this time; next try in {Every}", options.Value.Every);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
