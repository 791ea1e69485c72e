using ActionLogement.Api.Apis.Contracts;
using ActionLogement.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace ActionLogement.Api.Apis.Recovery;

public static class RecoveryApi
{
    private static readonly string[] Staff = [Roles.Staff];

    public static IEndpointRouteBuilder MapRecoveryApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/recovery-cases").WithTags("Recovery")
            .RequireAuthorization(p => p.RequireRole([.. Staff, Roles.Tenant])).AddEndpointFilter<ProblemCodeFilter>();
        api.MapGet("/", Queue);
        api.MapGet("/{caseId}", Get);
        api.MapPost("/{caseId}/contacts", AddContact).Idempotent(required: false).RequireAuthorization(p => p.RequireRole(Staff));
        api.MapPost("/{caseId}/plan", SetPlan).Idempotent(required: false).RequireAuthorization(p => p.RequireRole(Staff));
        api.MapPost("/{caseId}/payments", Pay).Idempotent();
        api.MapPost("/{caseId}/tenant-refunds", RefundTenant).Idempotent().RequireAuthorization(p => p.RequireRole(Staff));
        api.MapPost("/{caseId}/escalate", Escalate).Idempotent(required: false).RequireAuthorization(p => p.RequireRole(Staff));
        api.MapPost("/{caseId}/write-off", WriteOff).Idempotent(required: false).RequireAuthorization(p => p.RequireRole(Staff));
        return app;
    }

    /// <summary>
    /// Staff's work queue, every case; a tenant's own cases, the only way it has to find a case's id (the letters it
    /// gets name the contract, not the case). <c>contract</c> narrows it to that contract's case, for staff answering
    /// a call about a contract.
    /// </summary>
    public static async Task<Results<Ok<Page<QueueItem>>, ProblemHttpResult>> Queue(
        HttpContext http, ReadModels readModels, string? state = null, [FromQuery(Name = "due-before")] DateOnly? dueBefore = null,
        string? contract = null, int limit = 50, string? after = null)
    {
        var caller = Caller.From(http.User);
        var violations = new List<Violation>();
        var wireState = InputChecks.OneOf<RecoveryState>(state, "state", violations);
        ListFilters.Date(dueBefore, "due-before", violations);
        ListFilters.Contract(contract, violations);
        InputChecks.Limit(limit, violations);
        InputChecks.Cursor(after, cursor => ReadModels.TryParseQueueCursor(cursor, out _, out _), violations);
        return violations.Count > 0
            ? Problems.BadRequest(violations)
            : TypedResults.Ok(await readModels.RecoveryQueueAsync(wireState, dueBefore, limit, after,
                tenantSubject: caller.Role == Roles.Tenant ? caller.Subject : null, contractNumber: contract));
    }

    public static async Task<Results<Ok<RecoveryCaseResponse>, ProblemHttpResult>> Get(string caseId, HttpContext http, IClusterClient cluster)
    {
        var (view, problem) = await LoadAsync(caseId, http, cluster);
        return view is null ? problem! : TypedResults.Ok(RecoveryCaseResponse.From(view, Caller.From(http.User)));
    }

    public static Task<Results<Ok<RecoveryCaseResponse>, ProblemHttpResult>> AddContact(
        string caseId, ContactBody body, HttpContext http, IClusterClient cluster)
    {
        var violations = new List<Violation>();
        InputChecks.Text(body.Note, "note", 2000, violations, multiLine: true);
        return RunAsync(caseId, http, cluster, violations, (grain, by) => grain.AddContact(new ContactEntry(body.Channel, body.Note, body.NextActionOn), by, GrainHeldKey.Of(http)));
    }

    public static Task<Results<Ok<RecoveryCaseResponse>, ProblemHttpResult>> SetPlan(
        string caseId, PlanBody body, HttpContext http, IClusterClient cluster)
    {
        var violations = new List<Violation>();
        InputChecks.Amount(body.MonthlyAmount, "monthlyAmount", violations, positive: true);
        InputChecks.Amount(body.TenantMonthlyResources, "tenantMonthlyResources", violations);
        if (body.Instalments is < 1 or > 120)
        {
            violations.Add(new Violation("invalid_value", "instalments", "'instalments' is 1 to 120."));
        }

        return RunAsync(caseId, http, cluster, violations, (grain, by) =>
            grain.SetPlan(new PlanProposal(body.MonthlyAmount, body.FirstDueDate, body.Instalments, body.TenantMonthlyResources), by, GrainHeldKey.Of(http)));
    }

    public static Task<Results<Ok<RecoveryCaseResponse>, ProblemHttpResult>> Pay(
        string caseId, PaymentBody body, HttpContext http, IClusterClient cluster, TimeProvider clock)
    {
        var violations = new List<Violation>();
        InputChecks.Amount(body.Amount, "amount", violations, positive: true);
        if (body.Reference is { } reference)
        {
            InputChecks.Text(reference, "reference", 100, violations);
        }

        var paidOn = new StatedDates(clock).Resolve(body.PaidOn, "paidOn", Caller.From(http.User), violations);
        var key = http.Request.Headers[IdempotencyMiddleware.Header].ToString();
        return RunAsync(caseId, http, cluster, violations, (grain, by) => grain.Pay(new PaymentEntry(key, body.Amount, paidOn, body.Reference), by));
    }

    /// <summary>What the tenant overpaid, paid back to it by the guarantor: a money movement, so under a required key.</summary>
    public static Task<Results<Ok<RecoveryCaseResponse>, ProblemHttpResult>> RefundTenant(
        string caseId, TenantRefundBody body, HttpContext http, IClusterClient cluster, TimeProvider clock)
    {
        var violations = new List<Violation>();
        InputChecks.Amount(body.Amount, "amount", violations, positive: true);
        InputChecks.Text(body.BankReference, "bankReference", 100, violations);
        var paidOn = new StatedDates(clock).Resolve(body.PaidOn, "paidOn", Caller.From(http.User), violations);
        var key = http.Request.Headers[IdempotencyMiddleware.Header].ToString();
        return RunAsync(caseId, http, cluster, violations, (grain, by) => grain.RefundTenant(new PaymentEntry(key, body.Amount, paidOn, body.BankReference), by));
    }

    public static Task<Results<Ok<RecoveryCaseResponse>, ProblemHttpResult>> Escalate(
        string caseId, EscalationBody body, HttpContext http, IClusterClient cluster, TimeProvider clock)
    {
        var violations = new List<Violation>();
        InputChecks.Text(body.Reason, "reason", 2000, violations, multiLine: true);
        if (body.CourtReference is { } reference)
        {
            InputChecks.Text(reference, "courtReference", 100, violations);
        }

        // A file (the court's, the over-indebtedness commission's) is lodged before it is reported: never ahead.
        if (body.FileDate is { } fileDate)
        {
            new StatedDates(clock).Resolve(fileDate, "fileDate", Caller.From(http.User), violations);
        }

        return RunAsync(caseId, http, cluster, violations, (grain, by) => grain.Escalate(new Escalation(
            body.Kind, body.Reason, body.CourtReference, body.CourtDelayMonths, body.FileDate, body.Measure, body.SuspensionMonths), by, GrainHeldKey.Of(http)));
    }

    public static Task<Results<Ok<RecoveryCaseResponse>, ProblemHttpResult>> WriteOff(
        string caseId, WriteOffBody body, HttpContext http, IClusterClient cluster)
    {
        var violations = new List<Violation>();
        InputChecks.Amount(body.Amount, "amount", violations, positive: true);
        InputChecks.Text(body.Reason, "reason", 2000, violations, multiLine: true);
        return RunAsync(caseId, http, cluster, violations, (grain, by) => grain.WriteOff(new WriteOffDecision(body.Amount, body.Reason), by, GrainHeldKey.Of(http)));
    }

    private static async Task<Results<Ok<RecoveryCaseResponse>, ProblemHttpResult>> RunAsync(
        string caseId, HttpContext http, IClusterClient cluster, List<Violation> violations,
        Func<IRecoveryCaseGrain, string, Task<RecoveryOutcome>> command)
    {
        if (violations.Count > 0)
        {
            return Problems.BadRequest(violations);
        }

        var (view, problem) = await LoadAsync(caseId, http, cluster);
        if (view is null)
        {
            return problem!;
        }

        var caller = Caller.From(http.User);
        var outcome = await command(cluster.GetGrain<IRecoveryCaseGrain>(caseId), $"{caller.Role}:{caller.Subject}");
        return outcome switch
        {
            { Case: { } updated } => TypedResults.Ok(RecoveryCaseResponse.From(updated, caller)),
            { Conflict: true } => Problems.Create(StatusCodes.Status409Conflict, outcome.Violations),
            _ => Problems.Refused(outcome.Violations),
        };
    }

    /// <summary>Staff see every case; a tenant only its own, and anyone else's answers 404 like an unknown id.</summary>
    private static async Task<(RecoveryCaseView? View, ProblemHttpResult? Problem)> LoadAsync(string caseId, HttpContext http, IClusterClient cluster)
    {
        if (!RecoveryCaseIds.IsValid(caseId))
        {
            return (null, Problems.BadRequest("case_id_invalid", "A recovery case id is 'R' followed by 11 digits.", "caseId"));
        }

        var view = await cluster.GetGrain<IRecoveryCaseGrain>(caseId).Get();
        var caller = Caller.From(http.User);
        return view is not null && (caller.IsStaff || (caller.Role == Roles.Tenant && view.TenantSubject == caller.Subject))
            ? (view, null)
            : (null, Problems.NotFound("recovery case", caseId));
    }
}
