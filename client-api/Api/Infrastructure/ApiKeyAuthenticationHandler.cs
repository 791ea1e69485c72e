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
    IMemoryCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // A short cache spares the database a lookup per request; a revoked key stops working within this delay.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

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
        var principal = await cache.GetOrCreateAsync("key:" + secret, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return await keys.FindAsync(secret, Context.RequestAborted) is { } identity ? new CallerPrincipal(identity, SchemeName) : null;
        });
        if (principal is null)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
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
}
