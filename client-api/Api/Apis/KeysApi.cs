using ActionLogement.Api.Apis.Contracts;
using ActionLogement.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace ActionLogement.Api.Apis;

public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/keys").WithTags("Keys").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .AddEndpointFilter<ProblemCodeFilter>();
        api.MapGet("/", ListKeys);
        api.MapPost("/", CreateKey);
        api.MapDelete("/{keyId}", RevokeKey);
        return app;
    }

    /// <param name="RequestsPerSecond">This key's own request rate; absent, its role's (README, "Request rates").</param>
    public sealed record CreateKeyRequest(string Role, string Subject, IReadOnlyList<string>? Managed = null, int? RequestsPerSecond = null);

    private static readonly Violation UnknownRole = new("role_unknown", "role", $"Role is one of: {string.Join(", ", Roles.All)}.");

    /// <param name="RequestsPerSecond">The key's own rate; null when its role's applies.</param>
    public sealed record KeyListItem(string KeyId, string Role, string Subject, IReadOnlyList<string> Managed, int? RequestsPerSecond,
        DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    /// <summary>Finds a key to revoke by whom it names: by key id, filtered by role or subject.</summary>
    public static async Task<Results<Ok<Page<KeyListItem>>, ProblemHttpResult>> ListKeys(ReadModels readModels, string? role = null,
        string? subject = null, int limit = 50, string? after = null)
    {
        var violations = new List<Violation>();
        if (role is not null && !Roles.All.Contains(role))
        {
            violations.Add(UnknownRole);
        }

        InputChecks.Limit(limit, violations);
        InputChecks.Cursor(after, ApiKeys.IsKeyId, violations);
        return violations.Count > 0
            ? Problems.BadRequest(violations)
            : TypedResults.Ok(await readModels.KeysAsync(role, subject, limit, after));
    }

    public sealed record CreatedKey(string KeyId, string Role, string Subject, IReadOnlyList<string> Managed, int RequestsPerSecond, string Key);

    public static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateKey(CreateKeyRequest request, ApiKeys keys,
        IOptions<RequestRates> rates)
    {
        if (!Roles.All.Contains(request.Role))
        {
            return Problems.BadRequest([UnknownRole]);
        }

        // A subject is an id (L-000123, AG-0001): compared as is with the ids in contracts, so no spaces in or around it.
        if (string.IsNullOrEmpty(request.Subject) || request.Subject.Length > 100 || !TextCharacters.IsVisibleId(request.Subject))
        {
            return Problems.BadRequest("subject_invalid", "Subject is an id of 1 to 100 visible characters, without spaces.", "subject");
        }

        // A partner's managed landlords become claims of every request it makes: each is a landlord id, never null. No
        // other role manages anyone: a list on another key would be stored and read as if it meant something.
        if (request.Managed is { Count: > 0 } managed)
        {
            if (request.Role != Roles.Partner)
            {
                return Problems.BadRequest("invalid_value", "Only a partner key manages landlords.", "managed");
            }

            // A comma is a list sent as one id (--manages L-1,L-2 read as one value): stored, it would match no landlord.
            if (managed.Any(m => string.IsNullOrEmpty(m) || m.Length > 50 || !TextCharacters.IsVisibleId(m) || m.Contains(',')))
            {
                return Problems.BadRequest("invalid_value", "Each managed landlord id is 1 to 50 visible characters, without spaces or commas: " +
                    "send a list of ids, one id a string.", "managed");
            }
        }

        if (request.RequestsPerSecond is < 1 or > ApiKeys.MaxRequestsPerSecond)
        {
            return Problems.BadRequest("invalid_value", $"A key's request rate is 1 to {ApiKeys.MaxRequestsPerSecond:D} per second.", "requestsPerSecond");
        }

        var (identity, secret) = await keys.CreateAsync(request.Role, request.Subject, request.Managed,
            requestsPerSecond: request.RequestsPerSecond);
        return TypedResults.Created($"/api/v1/keys/{identity.KeyId}",
            new CreatedKey(identity.KeyId, identity.Role, identity.Subject, identity.Managed, rates.Value.For(identity).PerSecond, secret));
    }

    /// <summary>The key stops working at once here, and on the other API nodes as soon as they hear of it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(string keyId, ApiKeys keys, RevokedKeys revoked)
    {
        if (!await keys.RevokeAsync(keyId))
        {
            return Problems.NotFound("key", keyId);
        }

        revoked.Heard(keyId);
        return TypedResults.NoContent();
    }
}
