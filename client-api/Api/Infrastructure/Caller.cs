using System.Security.Claims;

namespace ActionLogement.Api.Infrastructure;

/// <summary>Who is calling: the role and subject of the API key.</summary>
public sealed record Caller(string Role, string Subject, IReadOnlyList<string> Managed)
{
    public const string SubjectClaim = "al:subject";
    public const string ManagedClaim = "al:managed";
    public const string KeyIdClaim = "al:key";

    /// <summary>The caller an API key authenticated (read once from its claims), or one read from any other principal.</summary>
    public static Caller From(ClaimsPrincipal user) => user is CallerPrincipal known ? known.Caller : new(
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        user.FindFirstValue(SubjectClaim) ?? "",
        user.FindAll(ManagedClaim).Select(c => c.Value).ToList());

    public bool IsStaff => Role == Roles.Staff;

    /// <summary>Whether this caller may act for a landlord: the landlord itself, a partner managing it, or staff.</summary>
    public bool ActsFor(string landlordId, string? agentId = null) => Role switch
    {
        Roles.Staff => true,
        Roles.Landlord => Subject == landlordId,
        Roles.Partner => Subject == agentId || Managed.Contains(landlordId),
        _ => false,
    };
}

/// <summary>The principal of an API key: its claims, and the <see cref="Caller"/> they describe, read once.</summary>
public sealed class CallerPrincipal : ClaimsPrincipal
{
    public CallerPrincipal(ApiKeyIdentity key, string authenticationType)
        : base(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Role, key.Role),
                new Claim(Caller.SubjectClaim, key.Subject),
                new Claim(Caller.KeyIdClaim, key.KeyId),
                .. key.Managed.Select(m => new Claim(Caller.ManagedClaim, m)),
            ], authenticationType))
    {
        Caller = new Caller(key.Role, key.Subject, [.. key.Managed]);
        Key = key;
    }

    public Caller Caller { get; }

    public ApiKeyIdentity Key { get; }
}
