using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActionLogement.Api.Extensions;
using ActionLogement.Database;
using Microsoft.AspNetCore.Routing.Patterns;
using Npgsql;

namespace ActionLogement.Api.Infrastructure;

/// <summary>Marks an endpoint whose effect must happen once per <c>Idempotency-Key</c>.</summary>
public sealed class IdempotentAttribute : Attribute
{
    /// <summary>Commands that move money or create a contract refuse to run without a key.</summary>
    public bool Required { get; init; } = true;

    /// <summary>
    /// The grain keeps the key, with what the command changed or why it was refused (<see cref="CommandOrigin"/>), in
    /// its state statement, and answers its replays: nothing is looked up or stored here, so the command costs no
    /// round trip of its own. An answer the API gives before reaching the grain (a malformed body, a contract the
    /// caller may not touch) is not kept either: the same request gets it again by the same checks.
    /// </summary>
    public bool HeldByGrain { get; init; }
}

public static class IdempotencyEndpointExtensions
{
    public static TBuilder Idempotent<TBuilder>(this TBuilder builder, bool required = true, bool heldByGrain = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentAttribute { Required = required, HeldByGrain = heldByGrain });
}

/// <summary>First responses stored per (caller, route, key) in PostgreSQL.</summary>
public sealed class IdempotencyStore(NpgsqlDataSource database) : IAsyncDisposable
{
    // Keys of concurrent requests share one round trip and one (asynchronous) commit.
    private readonly CommandBatcher _writes = new(database);

    /// <summary>What a key holds: its request's hash, the first response once there is one, and whether its claim was abandoned.</summary>
    public sealed record Stored(byte[] RequestHash, int? Status, string? ContentType, byte[]? Body, bool Abandoned = false);

    /// <summary>
    /// How long a claimed key may stay unanswered before the same request takes it over. A request ends well within
    /// it, answered or failed (a grain call gives up after 30 s); a claim older than that is one whose API process died
    /// under it (killed, machine lost), which nothing would ever complete or free. Should the first request still be
    /// running, its claim token no longer matches: it can neither store its answer nor free the key. A minute longer
    /// than a visa's abandoned reservation (VisaReservations.AbandonedAfter), so that an activation retried then finds
    /// its visa free if its contract was never written.
    /// </summary>
    public static readonly TimeSpan AbandonedClaim = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Claims the key under <paramref name="claim"/>, this request's own token; returns null when this request is the
    /// first (or takes over a dead one's claim), else what was stored.
    /// </summary>
    public async Task<Stored?> TryBeginAsync(string scope, string key, byte[] requestHash, Guid claim, CancellationToken ct)
    {
        // A key deleted between the claim and the lookup (abandoned after a 5xx, or expired) is claimed afresh, never
        // run unclaimed.
        while (true)
        {
            if (await _writes.ExecuteAsync(
                "INSERT INTO idempotency_keys (scope, key, request_hash, claim) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                scope, key, requestHash, claim) == 1)
            {
                return null;
            }

            if (await FindAsync(scope, key, ct) is not { } stored)
            {
                continue;
            }

            // Run again, the request finds in its grain what the dead one did: the money commands keep their key there.
            // One statement, so that of two retries racing for it one takes it and the other waits for its answer.
            if (stored is { Status: null, Abandoned: true } && stored.RequestHash.AsSpan().SequenceEqual(requestHash)
                && await _writes.ExecuteAsync("""
                    UPDATE idempotency_keys SET created_at = now(), claim = $4
                    WHERE scope = $1 AND key = $2 AND status IS NULL AND request_hash = $3 AND created_at < now() - $5
                    """, scope, key, requestHash, claim, AbandonedClaim) == 1)
            {
                return null;
            }

            return stored;
        }
    }

    private async Task<Stored?> FindAsync(string scope, string key, CancellationToken ct)
    {
        await using var select = database.CreateCommand(
            "SELECT request_hash, status, content_type, body, created_at < now() - $3 FROM idempotency_keys WHERE scope = $1 AND key = $2");
        select.Parameters.AddWithValue(scope);
        select.Parameters.AddWithValue(key);
        select.Parameters.AddWithValue(AbandonedClaim);
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new Stored(
            reader.GetFieldValue<byte[]>(0),
            reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3),
            reader.GetBoolean(4));
    }

    /// <summary>
    /// Stores the first response. Usually done by the request's audit row instead, in the same statement
    /// (<see cref="AuditTrail"/>); this is the way when that row could not be written.
    /// </summary>
    public Task CompleteAsync(ClaimedKey claimed, int status, string? contentType) =>
        _writes.ExecuteAsync(CompleteSql, claimed.CompletionValues(status, contentType));

    /// <summary>Stores the first response of a key still claimed by this request; $1..$6: scope, key, status, content type, body, claim.</summary>
    internal const string CompleteSql =
        "UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5 WHERE scope = $1 AND key = $2 AND claim = $6";

    /// <summary>Frees the key after a failure (a 5xx), so the client can retry; only if this request still holds it.</summary>
    public Task AbandonAsync(ClaimedKey claimed) =>
        _writes.ExecuteAsync("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL AND claim = $3",
            claimed.Scope, claimed.Key, claimed.Claim);

    /// <summary>
    /// Deletes the keys created before <paramref name="cutoff"/>, <paramref name="chunk"/> rows per statement so that no
    /// statement holds many locks or runs long; returns how many went. A key still in progress that old (its request
    /// died with its API) goes too, so a client is never refused forever.
    /// </summary>
    public async Task<long> ExpireAsync(DateTimeOffset cutoff, int chunk = 10_000, CancellationToken ct = default)
    {
        long deleted = 0;
        int last;
        do
        {
            await using var delete = database.CreateCommand("""
                DELETE FROM idempotency_keys WHERE (scope, key) IN (
                    SELECT scope, key FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2)
                """);
            delete.Parameters.AddWithValue(cutoff);
            delete.Parameters.AddWithValue(chunk);
            last = await delete.ExecuteNonQueryAsync(ct);
            deleted += last;
        }
        while (last == chunk);

        return deleted;
    }

    public ValueTask DisposeAsync() => _writes.DisposeAsync();

    public static byte[] Hash(string method, string path, ReadOnlySpan<byte> body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{method} {path}\n"));
        sha.AppendData(body);
        return sha.GetHashAndReset();
    }

    /// <summary>The key in its scope and the request, 64 bits of each, for a grain to keep.</summary>
    public static IdempotencyDigest Digest(string scope, string key, byte[] requestHash) =>
        new(BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{scope}\n{key}"))),
            BinaryPrimitives.ReadInt64LittleEndian(requestHash));
}

/// <summary>
/// The key this request claimed and the response it is writing, put in the request's features so that the audit row
/// stores that response in the same statement (one round trip and one commit instead of two).
/// </summary>
public sealed class ClaimedKey(string scope, string key, Guid claim, MemoryStream response)
{
    public string Scope { get; } = scope;

    public string Key { get; } = key;

    /// <summary>This request's token on the key: what lets it, and no request that took the key over, complete or free it.</summary>
    public Guid Claim { get; } = claim;

    public MemoryStream Response { get; } = response;

    /// <summary>Set once the response is stored; until then the idempotency middleware stores it itself.</summary>
    public bool Completed { get; set; }

    internal object?[] CompletionValues(int status, string? contentType) => [Scope, Key, status, contentType, Response.ToArray(), Claim];
}

/// <summary>
/// A request's key as the digest a grain stores: the whole record of the key where the grain keeps it
/// (<see cref="IdempotentAttribute.HeldByGrain"/>), a second one beside this store's where a grain records money under it.
/// Computed only when the endpoint asks for it.
/// </summary>
public sealed class GrainHeldKey(string scope, string key, byte[] requestHash)
{
    public IdempotencyDigest Digest => IdempotencyStore.Digest(scope, key, requestHash);

    /// <summary>The digest of the request's key, for the grain that keeps it; null when the request came without one.</summary>
    public static IdempotencyDigest? Of(HttpContext http) => http.Features.Get<GrainHeldKey>()?.Digest;
}

/// <summary>
/// Replays the first response to a repeated <c>Idempotency-Key</c>; the same key with another body is a 409.
/// Grains are idempotent on their own too (a lost response followed by a retry never pays twice); this layer
/// gives the client back the very same answer.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store)
{
    public const string Header = "Idempotency-Key";

    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxKeyLength = 200;

    /// <summary>
    /// The path of the route a command matched, spelled as the route is, with the request's values. Routing matches a
    /// path whatever its letter case and a trailing slash: keyed by the raw path, one command sent under one key in
    /// two spellings would run twice.
    /// </summary>
    public static string RoutedPath(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint { RoutePattern: var pattern })
        {
            return context.Request.Path.Value ?? "";
        }

        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter =>
                        Convert.ToString(context.Request.RouteValues[parameter.Name], CultureInfo.InvariantCulture),
                    _ => null,
                });
            }
        }

        return path.ToString();
    }

    private static readonly TimeSpan InProgressWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan InProgressPoll = TimeSpan.FromMilliseconds(50);

    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>();
        if (metadata is null || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        // Two header lines, or two keys a client or proxy joined into one line (with a comma, as HTTP allows), are
        // refused: joined, they would silently make a third key, and a retry sending one of them a new command.
        var values = context.Request.Headers[Header];
        if (values.Count > 1 || values.ToString().Contains(',', StringComparison.Ordinal))
        {
            await Problems.WriteAsync(context, 400, "idempotency_key_invalid", $"Send one '{Header}', without commas.");
            return;
        }

        var key = values.ToString();
        if (string.IsNullOrWhiteSpace(key))
        {
            if (metadata.Required)
            {
                await Problems.WriteAsync(context, 400, "idempotency_key_required",
                    $"This command moves money or creates a contract: send an '{Header}' header (a UUID, say).");
                return;
            }

            await next(context);
            return;
        }

        if (key.Length > MaxKeyLength)
        {
            await Problems.WriteAsync(context, 400, "idempotency_key_invalid", $"'{Header}' is at most {MaxKeyLength} characters.");
            return;
        }

        // The body is read once, into memory sized by its Content-Length (never beyond the JSON body limit, which Kestrel
        // enforces while it is read), hashed there, and given to the endpoint from there.
        var requestCopy = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 0, ApplicationServiceExtensions.MaxJsonBodyBytes));
        await context.Request.Body.CopyToAsync(requestCopy, context.RequestAborted);
        requestCopy.Position = 0;
        context.Request.Body = requestCopy;
        context.Response.RegisterForDispose(requestCopy);

        var caller = Caller.From(context.User);
        var path = RoutedPath(context);
        var scope = $"{caller.Role}:{caller.Subject}:{context.Request.Method} {path}";
        var hash = IdempotencyStore.Hash(context.Request.Method, path, requestCopy.GetBuffer().AsSpan(0, (int)requestCopy.Length));
        // Offered to every keyed endpoint: one whose grain records money keeps the key with it too, so that a retry after
        // an answer lost with its silo (when the key below is freed) finds it there.
        context.Features.Set(new GrainHeldKey(scope, key, hash));
        if (metadata.HeldByGrain)
        {
            await next(context);
            return;
        }

        var claim = Guid.NewGuid();
        var stored = await store.TryBeginAsync(scope, key, hash, claim, context.RequestAborted);

        // A replay racing the first request (a client retrying at once, or sending twice) waits for its answer, for a
        // while, rather than being turned away: it gets the same status and ids. A first request that failed (5xx)
        // freed the key, which this one then claims and runs.
        for (var waited = TimeSpan.Zero; stored is { Status: null } && stored.RequestHash.AsSpan().SequenceEqual(hash)
            && waited < InProgressWait; waited += InProgressPoll)
        {
            await Task.Delay(InProgressPoll, context.RequestAborted);
            stored = await store.TryBeginAsync(scope, key, hash, claim, context.RequestAborted);
        }

        if (stored is not null)
        {
            await ReplayAsync(context, stored, hash);
            return;
        }

        var originalBody = context.Response.Body;
        using var responseCopy = new MemoryStream();
        var claimed = new ClaimedKey(scope, key, claim, responseCopy);
        context.Features.Set(claimed);
        context.Response.Body = responseCopy;
        try
        {
            await next(context);
        }
        catch
        {
            await store.AbandonAsync(claimed);
            throw;
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        if (context.Response.StatusCode >= 500)
        {
            await store.AbandonAsync(claimed);
        }
        else if (!claimed.Completed)
        {
            await store.CompleteAsync(claimed, context.Response.StatusCode, context.Response.ContentType);
        }

        // The length is known: a plain body rather than chunks, and no separate write for the closing chunk.
        context.Response.ContentLength = responseCopy.Length;
        responseCopy.Position = 0;
        await responseCopy.CopyToAsync(originalBody);
    }

    // What an endpoint creates is named in its first answer by one of these; a replay's audit row names it too.
    private static readonly string[] CreatedNumbers = ["contractNumber", "visaNumber", "jobId"];

    /// <summary>
    /// A replay's audit row says what the first answer said: its rule code, or what it created (which the endpoint
    /// named for the first answer's row, and does not run again to name).
    /// </summary>
    private static void NameForAudit(HttpContext context, int status, byte[]? body)
    {
        if (body is not { Length: > 0 })
        {
            return;
        }

        try
        {
            using var answer = JsonDocument.Parse(body);
            if (answer.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (status >= 400 && answer.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
            {
                context.Items[Problems.CodeItem] = code.GetString();
            }

            foreach (var name in CreatedNumbers)
            {
                if (answer.RootElement.TryGetProperty(name, out var number) && number.ValueKind == JsonValueKind.String)
                {
                    context.Items[AuditMiddleware.AuditTargetItem] = number.GetString();
                    return;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: nothing to name.
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyStore.Stored stored, byte[] hash)
    {
        if (!stored.RequestHash.AsSpan().SequenceEqual(hash))
        {
            await Problems.WriteAsync(context, 409, RuleCodes.IdempotencyKeyReused, IdempotencyDigest.ReusedMessage);
            return;
        }

        if (stored.Status is not { } status)
        {
            await Problems.WriteAsync(context, 409, "idempotency_key_in_progress",
                $"A request with this key has been running for more than {InProgressWait.TotalSeconds:0} s; retry later (a request "
                + $"left unanswered {IdempotencyStore.AbandonedClaim.TotalMinutes:0} minutes is run again).");
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = stored.ContentType;
        context.Response.Headers[ReplayedHeader] = "true";
        NameForAudit(context, status, stored.Body);
        context.Response.ContentLength = stored.Body?.Length ?? 0;
        await context.Response.Body.WriteAsync(stored.Body ?? []);
    }
}
