using ActionLogement.Api.Infrastructure;

namespace ActionLogement.Api.Apis;

public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/keys").WithTags("Keys").RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .AddEndpointFilter<ProblemCodeFilter>();
        api.MapPost("/", CreateKey);
        api.MapDelete("/{keyId}", RevokeKey);
        return app;
    }

    public sealed record CreateKeyRequest(string Role, string Subject, IReadOnlyList<string>? Managed = null);

    public sealed record CreatedKey(string KeyId, string Role, string Subject, IReadOnlyList<string> Managed, string Key);

    public static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateKey(CreateKeyRequest request, ApiKeys keys)
    {
        if (!Roles.All.Contains(request.Role))
        {
            return Problems.BadRequest("role_unknown", $"Role is one of: {string.Join(", ", Roles.All)}.", "role");
        }

        if (string.IsNullOrWhiteSpace(request.Subject) || request.Subject.Length > 100)
        {
            return Problems.BadRequest("subject_invalid", "Subject is 1 to 100 characters.", "subject");
        }

        // A partner's managed landlords become claims of every request it makes: each is a landlord id, never null.
        if (request.Managed is { } managed && managed.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > 50))
        {
            return Problems.BadRequest("invalid_value", "Each managed landlord id is 1 to 50 characters.", "managed");
        }

        var (identity, secret) = await keys.CreateAsync(request.Role, request.Subject.Trim(), request.Managed);
        return TypedResults.Created($"/api/v1/keys/{identity.KeyId}",
            new CreatedKey(identity.KeyId, identity.Role, identity.Subject, identity.Managed, secret));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(string keyId, ApiKeys keys) =>
        await keys.RevokeAsync(keyId) ? TypedResults.NoContent() : Problems.NotFound("key", keyId);
}
