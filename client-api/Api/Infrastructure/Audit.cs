using ActionLogement.Database;
using Npgsql;

namespace ActionLogement.Api.Infrastructure;

/// <summary>The append-only record of who did what, when, with what result. Never personal data.</summary>
public sealed class AuditTrail(NpgsqlDataSource database, ILogger<AuditTrail> logger) : IAsyncDisposable
{
    // Synchronous commit (the data source's default): an audit row is durable once the request has answered. Rows
    // of concurrent requests share one round trip and one commit.
    private readonly CommandBatcher _writes = new(database);

    public async Task RecordAsync(Caller caller, string action, string? target, int status, string? code)
    {
        try
        {
            await _writes.ExecuteAsync(
                "INSERT INTO audit_log (actor_role, actor_subject, action, target, status, code) VALUES ($1, $2, $3, $4, $5, $6)",
                caller.Role, caller.Subject, action, target, status, code);
        }
        catch (NpgsqlException e)
        {
            logger.LogError(e, "Audit record lost for {Action} on {Target}", action, target);
        }
    }

    public ValueTask DisposeAsync() => _writes.DisposeAsync();
}

/// <summary>Audits every authenticated command (any method but GET/HEAD) once it has answered.</summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditTrail audit)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.ToString();
        var target = context.Request.RouteValues.Values.FirstOrDefault(v => v is string)?.ToString()
                     ?? context.Items[AuditTargetItem] as string;
        await audit.RecordAsync(Caller.From(context.User), $"{context.Request.Method} {route}", target,
            context.Response.StatusCode, context.Items[Problems.CodeItem] as string);
    }

    /// <summary>Endpoints that create something put its number here so the audit row names it.</summary>
    public const string AuditTargetItem = "al:audit-target";
}
