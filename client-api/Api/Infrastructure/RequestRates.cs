using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// How many requests a second a caller may send before a 429 (API.md): an API key its own rate when it has one, else its
/// role's; a caller without a valid key, per client address. Each caller may burst to <see cref="BurstSeconds"/> seconds'
/// worth. Configuration section <c>RateLimits</c>. Counted in each API process: behind N API nodes a key gets up to N
/// times its rate.
/// </summary>
public sealed class RequestRates
{
    /// <summary>
    /// By role: a person at a screen or a landlord's script sends far fewer than this; a partner's integration and the
    /// recovery team's tools more. A key that needs more is given its own rate (<c>al keys create --requests-per-second</c>).
    /// </summary>
    public Dictionary<string, int> PerSecond { get; set; } = new()
    {
        [Roles.Tenant] = 5,
        [Roles.Landlord] = 20,
        [Roles.Partner] = 100,
        [Roles.Operator] = 20,
        [Roles.Staff] = 100,
        [Roles.Admin] = 20,
    };

    /// <summary>Requests without a valid key (401s, the OpenAPI document), per client address.</summary>
    public int AnonymousPerSecond { get; set; } = 50;

    public int BurstSeconds { get; set; } = 2;

    /// <summary>
    /// Database lookups of keys not in the cache, per client address: a client's keys are each looked up once every
    /// 30 s; a stream of made-up keys is refused before it reaches PostgreSQL.
    /// </summary>
    public int KeyLookupsPerSecond { get; set; } = 50;

    public RequestRate For(ApiKeyIdentity key) => Rate(key.RequestsPerSecond ?? PerSecond.GetValueOrDefault(key.Role, 20));

    public RequestRate Anonymous => Rate(AnonymousPerSecond);

    public RequestRate KeyLookups => new(KeyLookupsPerSecond, KeyLookupsPerSecond * BurstSeconds);

    private RequestRate Rate(int perSecond) => new(perSecond, Math.Max(perSecond * BurstSeconds, 10));
}

public readonly record struct RequestRate(int PerSecond, int Burst)
{
    /// <summary>A bucket of <see cref="Burst"/> tokens, <see cref="PerSecond"/> more each second; none waits for one.</summary>
    public TokenBucketRateLimiterOptions Bucket() => new()
    {
        TokenLimit = Burst,
        TokensPerPeriod = PerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>The bound on key lookups per client address (<see cref="RequestRates.KeyLookupsPerSecond"/>).</summary>
public sealed class KeyLookupLimiter(IOptions<RequestRates> rates) : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => rates.Value.KeyLookups.Bucket()));

    public bool TryAcquire(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(http);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

public static class RequestRateLimiting
{
    public const string Code = "rate_limited";

    /// <summary>Limits every request but the health probes and the metrics scrape; mind to run it after authentication.</summary>
    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RequestRates>(configuration.GetSection("RateLimits"));
        services.AddSingleton<KeyLookupLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RequestRates>>((options, rates) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, Bucket>(http => Partition(http, rates.Value));
            options.OnRejected = (context, _) => RejectAsync(context, rates.Value);
        });
        return services;
    }

    /// <summary>A bucket per key and rate (a key whose rate changes starts a new one) or per anonymous address.</summary>
    private readonly record struct Bucket(string? Caller, RequestRate Rate);

    private static RateLimitPartition<Bucket> Partition(HttpContext http, RequestRates rates)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
        {
            return RateLimitPartition.GetNoLimiter(default(Bucket));
        }

        var bucket = http.User is CallerPrincipal caller
            ? new Bucket(caller.Key.KeyId, rates.For(caller.Key))
            : new Bucket(http.Connection.RemoteIpAddress?.ToString(), rates.Anonymous);
        return RateLimitPartition.GetTokenBucketLimiter(bucket, b => b.Rate.Bucket());
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, RequestRates rates)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = http.User is CallerPrincipal caller && rates.For(caller.Key) is var rate
            ? $"This API key may send {rate.PerSecond} requests a second (bursts of {rate.Burst}); retry in {seconds} s."
            : $"Requests without a valid API key are limited to {rates.Anonymous.PerSecond} a second from one address; retry in {seconds} s.";
        await Problems.WriteAsync(http, StatusCodes.Status429TooManyRequests, Code, message);
    }
}
