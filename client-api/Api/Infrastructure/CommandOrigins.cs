namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// For commands whose grain records their idempotency key and audit row with its state
/// (<see cref="IdempotentAttribute.HeldByGrain"/>): what the grain is told, and what is left to the API afterwards.
/// </summary>
public static class CommandOrigins
{
    /// <summary>The caller, the audited action and the request's idempotency digest.</summary>
    public static CommandOrigin For(HttpContext http, int appliedStatus)
    {
        var caller = Caller.From(http.User);
        return new CommandOrigin(caller.Role, caller.Subject, AuditMiddleware.ActionOf(http), appliedStatus,
            GrainHeldKey.Of(http), StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>
    /// A recorded command leaves nothing to write: its key and audit row are stored. A replay the grain answered is
    /// marked as such and audited like any request.
    /// </summary>
    public static void Apply(HttpContext http, DeclarationRecord record)
    {
        if (record == DeclarationRecord.Recorded)
        {
            http.Items[AuditMiddleware.AuditedByGrainItem] = true;
        }
        else if (record == DeclarationRecord.Replayed)
        {
            http.Response.Headers[IdempotencyMiddleware.ReplayedHeader] = "true";
        }
    }
}
