using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ActionLogement.Api.Infrastructure;

/// <summary><c>Authorization: Bearer &lt;api key&gt;</c>, checked against the hashed keys in PostgreSQL.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeys keys,
    IMemoryCache cache,
    RevokedKeys revoked,
    KeyLookupLimiter lookups) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // A short cache spares the database a lookup per request; a revocation, announced to every API, evicts at once.
    internal static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    // Set when this request's key lookup was refused: its challenge is then a 429, not a 401.
    private const string LookupsExhausted = "al:key-lookups-exhausted";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        // The principal is built once per key and cached with it: requests only read it (no claims transformation
        // adds to it), and building claims on every request was a measurable share of the API's garbage.
        var cacheKey = "key:" + secret;
        if (cache.TryGetValue(cacheKey, out CachedCaller? known) && known is not null)
        {
            if (!revoked.Revoked(known.Principal.Key.KeyId, known.Generation))
            {
                return AuthenticateResult.Success(new AuthenticationTicket(known.Principal, SchemeName));
            }

            cache.Remove(cacheKey);
        }

        // A key not seen lately costs a database lookup. Made-up keys would each cost one (and be refused only after it,
        // by the rate limiter): lookups are bounded per client address, and only keys that exist are cached.
        if (!lookups.TryAcquire(Context))
        {
            Context.Items[LookupsExhausted] = true;
            return AuthenticateResult.Fail("Too many key lookups from this address.");
        }

        var generation = revoked.Generation;
        if (await keys.FindAsync(secret, Context.RequestAborted) is not { } identity)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }

        // The generation is read before the lookup: a revocation missed while it ran then voids this entry too.
        var principal = new CallerPrincipal(identity, SchemeName);
        cache.Set(cacheKey, new CachedCaller(principal, generation), CacheFor);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(LookupsExhausted))
        {
            Response.Headers.RetryAfter = "1";
            await Problems.WriteAsync(Context, StatusCodes.Status429TooManyRequests, RequestRateLimiting.Code,
                "Too many requests with keys this API does not know, from this address; retry in 1 s.");
            return;
        }

        // A 401 names the scheme that would be accepted (RFC 9110 §11.6.1); a key that was sent but refused adds
        // invalid_token (RFC 6750 §3.1), a missing one nothing. The authentication result is the one already computed.
        var refused = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        Response.Headers.WWWAuthenticate = refused ? "Bearer error=\"invalid_token\"" : "Bearer";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "unauthorized",
            "A valid API key is required: 'Authorization: Bearer <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "forbidden",
            "This API key's role may not do this.");

    private sealed record CachedCaller(CallerPrincipal Principal, long Generation);
}
