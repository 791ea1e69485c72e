using System.Security.Claims;

namespace ActionLogement.Api.Infrastructure;

/// <summary>Who is calling: the role and subject of the API key.</summary>
public sealed record Caller(string Role, string Subject, IReadOnlyList<string> Managed)
{
    public const string SubjectClaim = "al:subject";
    public const string ManagedClaim = "al:managed";
    public const string KeyIdClaim = "al:key";

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.Role) ?? "",
        user.FindFirstValue(SubjectClaim) ?? "",
        user.FindAll(ManagedClaim).Select(c => c.Value).ToList());

    public bool IsStaff => Role is Roles.Staff or Roles.Admin;

    /// <summary>Whether this caller may act for a landlord: the landlord itself, a partner managing it, or staff.</summary>
    public bool ActsFor(string landlordId, string? agentId = null) => Role switch
    {
        Roles.Staff or Roles.Admin => true,
        Roles.Landlord => Subject == landlordId,
        Roles.Partner => Subject == agentId || Managed.Contains(landlordId),
        _ => false,
    };
}
