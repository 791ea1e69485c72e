using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ActionLogement.Database;

/// <summary>The roles of API.md. A key carries exactly one.</summary>
public static class Roles
{
    public const string Landlord = "landlord";
    public const string Partner = "partner";
    public const string Tenant = "tenant";
    public const string Staff = "staff";
    public const string Admin = "admin";
    public const string Operator = "operator";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Landlord, Partner, Tenant, Staff, Admin, Operator };
}

/// <summary>
/// An API key's identity once its secret has been checked, with its own request rate when it has one (otherwise its
/// role's applies).
/// </summary>
public sealed record ApiKeyIdentity(string KeyId, string Role, string Subject, IReadOnlyList<string> Managed, int? RequestsPerSecond = null);

/// <summary>API keys stored as SHA-256 hashes; the secret is shown once, at creation.</summary>
public sealed class ApiKeys(NpgsqlDataSource database)
{
    /// <summary>The bounds of a key's own request rate (the table's check).</summary>
    public const int MaxRequestsPerSecond = 100_000;

    private const string KeyIdPrefix = "k_";

    /// <summary>Whether a text is a key id as <see cref="CreateAsync"/> makes them: "k_" and 12 lowercase hex digits.</summary>
    public static bool IsKeyId(string text) =>
        text.Length == KeyIdPrefix.Length + 12 && text.StartsWith(KeyIdPrefix, StringComparison.Ordinal)
        && text[KeyIdPrefix.Length..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public async Task<(ApiKeyIdentity Identity, string Secret)> CreateAsync(
        string role, string subject, IReadOnlyList<string>? managed = null, string? secret = null, int? requestsPerSecond = null,
        CancellationToken ct = default)
    {
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"Unknown role '{role}'.", nameof(role));
        }

        var keyId = KeyIdPrefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        secret ??= $"al_{role}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant()}";
        await using var command = database.CreateCommand("""
            INSERT INTO api_keys (key_id, key_hash, role, subject, managed, requests_per_second) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (key_hash) DO UPDATE SET role = EXCLUDED.role, subject = EXCLUDED.subject,
                managed = EXCLUDED.managed, requests_per_second = EXCLUDED.requests_per_second, revoked_at = NULL
            RETURNING key_id
            """);
        command.Parameters.AddWithValue(keyId);
        command.Parameters.AddWithValue(Hash(secret));
        command.Parameters.AddWithValue(role);
        command.Parameters.AddWithValue(subject);
        command.Parameters.AddWithValue((managed ?? []).ToArray());
        command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = requestsPerSecond, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        keyId = (string)(await command.ExecuteScalarAsync(ct))!;
        return (new ApiKeyIdentity(keyId, role, subject, managed ?? [], requestsPerSecond), secret);
    }

    public async Task<ApiKeyIdentity?> FindAsync(string secret, CancellationToken ct = default)
    {
        await using var command = database.CreateCommand(
            "SELECT key_id, role, subject, managed, requests_per_second FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        command.Parameters.AddWithValue(Hash(secret));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ApiKeyIdentity(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4))
            : null;
    }

    /// <summary>The channel on which a revocation is announced, at its commit, to every API that caches keys.</summary>
    public const string RevokedChannel = "api_key_revoked";

    /// <summary>
    /// Revokes the key, announcing it once; a key revoked before stays as it was. False only for a key that does not
    /// exist: revoking is idempotent, as a repeated DELETE is.
    /// </summary>
    public async Task<bool> RevokeAsync(string keyId, CancellationToken ct = default)
    {
        await using var command = database.CreateCommand($"""
            WITH revoked AS (UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL RETURNING key_id),
                 announced AS (SELECT pg_notify('{RevokedChannel}', key_id) FROM revoked)
            SELECT (SELECT count(*) FROM announced) + (SELECT count(*) FROM api_keys WHERE key_id = $1)
            """);
        command.Parameters.AddWithValue(keyId);
        return (long)(await command.ExecuteScalarAsync(ct) ?? 0L) > 0;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
