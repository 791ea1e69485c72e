using Npgsql;

namespace ActionLogement.Api.Infrastructure;

/// <summary>The append-only record of who did what, when, with what result. Never personal data.</summary>
public sealed class AuditTrail(NpgsqlDataSource database, ILogger<AuditTrail> logger)
{
    public async Task RecordAsync(Caller caller, string action, string? target, int status, string? code)
    {
        try
        {
            await using var command = database.CreateCommand(
                "INSERT INTO audit_log (actor_role, actor_subject, action, target, status, code) VALUES ($1, $2, $3, $4, $5, $6)");
            command.Parameters.AddWithValue(caller.Role);
            command.Parameters.AddWithValue(caller.Subject);
            command.Parameters.AddWithValue(action);
            command.Parameters.AddWithValue((object?)target ?? DBNull.Value);
            command.Parameters.AddWithValue(status);
            command.Parameters.AddWithValue((object?)code ?? DBNull.Value);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            logger.LogError(e, "Audit record lost for {Action} on {Target}", action, target);
        }
    }
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
