using ActionLogement.Api.Infrastructure;

namespace ActionLogement.Api.Apis.Contracts;

public static class PayoutsApi
{
    public static IEndpointRouteBuilder MapPayoutsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/payouts").WithTags("Payouts")
            .RequireAuthorization(p => p.RequireRole(Roles.Staff)).AddEndpointFilter<ProblemCodeFilter>();
        api.MapGet("/", List);
        api.MapPost("/{payoutId}/paid", MarkPaid).Idempotent(required: false);
        return app;
    }

    public sealed record PaidBody(string BankReference, DateOnly? PaidOn = null);

    /// <summary>Payouts by id, narrowed by status, by contract or by landlord (a landlord asking staff what it was paid).</summary>
    public static async Task<Results<Ok<Page<PayoutView>>, ProblemHttpResult>> List(
        ReadModels readModels, string? status = null, string? contract = null, string? landlordId = null, int limit = 50, string? after = null)
    {
        var violations = new List<Violation>();
        var wireStatus = InputChecks.OneOf<PayoutStatus>(status, "status", violations);
        ListFilters.Contract(contract, violations);
        ListFilters.Id(landlordId, "landlordId", violations);
        InputChecks.Limit(limit, violations);
        InputChecks.Cursor(after, ReadModels.IsPayoutId, violations);
        return violations.Count > 0
            ? Problems.BadRequest(violations)
            : TypedResults.Ok(await readModels.PayoutsAsync(new PayoutFilter(wireStatus, contract, landlordId), limit, after));
    }

    public static async Task<Results<Ok<PayoutView>, ProblemHttpResult>> MarkPaid(
        string payoutId, PaidBody body, HttpContext http, ReadModels readModels, IClusterClient cluster, TimeProvider clock)
    {
        // A malformed id is the caller's mistake to fix (400), as a malformed contract number is, not an unknown payout.
        if (!ReadModels.IsPayoutId(payoutId))
        {
            return Problems.BadRequest("payout_id_invalid", "A payout id is 'P-', the contract number's 11 digits, '-' and its sequence (P-10000000001-001).",
                "payoutId");
        }

        var violations = new List<Violation>();
        var paidOn = new StatedDates(clock).Resolve(body.PaidOn, "paidOn", Caller.From(http.User), violations);
        if (string.IsNullOrWhiteSpace(body.BankReference) || body.BankReference.Length > 100)
        {
            violations.Add(new Violation("invalid_value", "bankReference", "'bankReference' is 1 to 100 characters."));
        }

        if (violations.Count > 0)
        {
            return Problems.BadRequest(violations);
        }

        if (await readModels.ContractOfPayoutAsync(payoutId) is not { } contractNumber)
        {
            return Problems.NotFound("payout", payoutId);
        }

        var grain = cluster.GetGrain<IContractGrain>(contractNumber);
        var result = await grain.MarkPayoutPaid(payoutId, paidOn, body.BankReference.Trim());
        if (!result.Done)
        {
            return result.Conflict ? Problems.Create(StatusCodes.Status409Conflict, result.Violations) : Problems.Refused(result.Violations);
        }

        return TypedResults.Ok((await grain.Get())!.Payouts.Single(p => p.PayoutId == payoutId));
    }
}
