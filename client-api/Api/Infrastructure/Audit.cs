using ActionLogement.Database;
using Npgsql;

namespace ActionLogement.Api.Infrastructure;

/// <summary>The append-only record of who did what, when, with what result. Never personal data.</summary>
public sealed class AuditTrail(NpgsqlDataSource database, ILogger<AuditTrail> logger) : IAsyncDisposable
{
    // Synchronous commit (the data source's default): an audit row is durable once the request has answered. Rows
    // of concurrent requests share one round trip and one commit.
    private readonly CommandBatcher _writes = new(database);

    private static readonly string InsertSql = Insert("$1", "$2", "$3", "$4", "$5", "$6");

    // The idempotency key's first response (IdempotencyStore's own statement, $1..$6: scope, key, status, content
    // type, body, claim) and the audit row in one statement: a command's two closing writes share one round trip and commit.
    private static readonly string InsertAndCompleteSql =
        $"WITH completed AS ({IdempotencyStore.CompleteSql}) {Insert("$7", "$8", "$9", "$10", "$3", "$11")}";

    private static string Insert(string role, string subject, string action, string target, string status, string code) =>
        $"INSERT INTO audit_log (actor_role, actor_subject, action, target, status, code) VALUES ({role}, {subject}, {action}, {target}, {status}, {code})";

    /// <summary>
    /// Records the command; when it claimed an idempotency key, stores its response for replays in the same
    /// statement and marks the key completed. Never throws: a lost audit row is logged and the key left to its owner.
    /// </summary>
    public async Task RecordAsync(Caller caller, string action, string? target, int status, string? code,
        ClaimedKey? claimed = null, string? contentType = null)
    {
        try
        {
            if (claimed is null)
            {
                await _writes.ExecuteAsync(InsertSql, caller.Role, caller.Subject, action, target, status, code);
                return;
            }

            await _writes.ExecuteAsync(InsertAndCompleteSql,
                [.. claimed.CompletionValues(status, contentType), caller.Role, caller.Subject, action, target, code]);
            claimed.Completed = true;
        }
        catch (NpgsqlException e)
        {
            logger.LogError(e, "Audit record lost for {Action} on {Target}", action, target);
        }
    }

    public ValueTask DisposeAsync() => _writes.DisposeAsync();
}

/// <summary>
/// Audits every authenticated command (any method but GET/HEAD) that reached its endpoint, once it has answered, in
/// the statement that stores its idempotent response. <see cref="RefusedCommandAuditMiddleware"/> audits the others.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditTrail audit)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (!IsCommand(context) || IsAudited(context))
        {
            return;
        }

        // A 5xx frees the key (the idempotency middleware does that) rather than storing the failure for replays.
        var claimed = context.Response.StatusCode < 500 && context.Features.Get<ClaimedKey>() is { Completed: false } key ? key : null;
        context.Items[AuditedItem] = true;
        await audit.RecordAsync(Caller.From(context.User), ActionOf(context), TargetOf(context),
            context.Response.StatusCode, context.Items[Problems.CodeItem] as string, claimed, context.Response.ContentType);
    }

    /// <summary>Endpoints that create something put its number here so the audit row names it.</summary>
    public const string AuditTargetItem = "al:audit-target";

    /// <summary>Set when the grain wrote the command's audit row with its state (<see cref="CommandOrigin"/>).</summary>
    public const string AuditedByGrainItem = "al:audited-by-grain";

    private const string AuditedItem = "al:audited";

    public static bool IsCommand(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && context.User.Identity?.IsAuthenticated == true;

    public static bool IsAudited(HttpContext context) =>
        context.Items.ContainsKey(AuditedItem) || context.Items.ContainsKey(AuditedByGrainItem);

    public static string? TargetOf(HttpContext context) =>
        context.Request.RouteValues.Values.FirstOrDefault(v => v is string)?.ToString() ?? context.Items[AuditTargetItem] as string;

    /// <summary>Records a command that no endpoint audited; its status and rule code are those of the answer given.</summary>
    internal static Task RecordRefusedAsync(HttpContext context, AuditTrail audit, string action, string? target)
    {
        context.Items[AuditedItem] = true;
        return audit.RecordAsync(Caller.From(context.User), action, target, context.Response.StatusCode,
            context.Items[Problems.CodeItem] as string);
    }

    /// <summary>
    /// The audited action: the method and the route pattern, never the values in it. A request that matched no route
    /// (404, 405, 415) is not named by its path either: a path is the caller's text, a name or an address as well.
    /// </summary>
    public static string ActionOf(HttpContext context) =>
        $"{context.Request.Method} {(context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)"}";
}

/// <summary>
/// Audits the commands answered before their endpoint's audit could see them: refused for the caller's role (403) or
/// for their Idempotency-Key (missing, reused), or whose body could not be read. The exception handler answers the
/// last, further out, so their row is written once that answer is complete, with its status and rule code. A key
/// that is unknown (401) or over its rate (429) is not audited: it names no one, or its requests are not let in.
/// </summary>
public sealed class RefusedCommandAuditMiddleware(RequestDelegate next, AuditTrail audit)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!AuditMiddleware.IsCommand(context))
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch when (!AuditMiddleware.IsAudited(context))
        {
            // Named now: the exception handler clears the route values before it answers.
            var (action, target) = (AuditMiddleware.ActionOf(context), AuditMiddleware.TargetOf(context));
            context.Response.OnCompleted(() => AuditMiddleware.RecordRefusedAsync(context, audit, action, target));
            throw;
        }

        if (!AuditMiddleware.IsAudited(context))
        {
            await AuditMiddleware.RecordRefusedAsync(context, audit, AuditMiddleware.ActionOf(context), AuditMiddleware.TargetOf(context));
        }
    }
}
