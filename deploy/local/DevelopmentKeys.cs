using ActionLogement.Database;
using Npgsql;

namespace ActionLogement.Local;

/// <summary>
/// Fixed, well-known keys for a developer machine only (the README lists them). They are upserted at each start,
/// so they work again after a key was revoked by hand. Never use them outside the local start.
/// </summary>
public static class DevelopmentKeys
{
    /// <summary>
    /// The staff key's own request rate: it drives the benchmarks and <c>al bulk generate</c> (thousands of requests a
    /// second); the others keep their role's rate, as keys handed to people would.
    /// </summary>
    public const int ToolingRequestsPerSecond = 10_000;

    public static readonly IReadOnlyList<(string Role, string Subject, string[] Managed, string Secret, int? RequestsPerSecond)> All =
    [
        (Roles.Admin, "admin", [], "al_dev_admin_key", null),
        (Roles.Staff, "staff-001", [], "al_dev_staff_key", ToolingRequestsPerSecond),
        (Roles.Landlord, "L-000123", [], "al_dev_landlord_key", null),
        (Roles.Partner, "AG-0001", ["L-000200", "L-000201"], "al_dev_partner_key", null),
        (Roles.Tenant, "T-000001", [], "al_dev_tenant_key", null),
        (Roles.Operator, "OP-0001", [], "al_dev_operator_key", null),
    ];

    public static async Task EnsureAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        var keys = new ApiKeys(database);
        foreach (var (role, subject, managed, secret, requestsPerSecond) in All)
        {
            await keys.CreateAsync(role, subject, managed, secret, requestsPerSecond);
        }
    }
}
