using ActionLogement.Api.Infrastructure;

namespace ActionLogement.Api.Apis.Contracts;

public static class ContractsApi
{
    private static readonly string[] Parties = [Roles.Landlord, Roles.Partner, Roles.Staff];
    private static readonly string[] LandlordSide = [Roles.Landlord, Roles.Partner];

    public static IEndpointRouteBuilder MapContractsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/contracts").WithTags("Contracts")
            .RequireAuthorization(p => p.RequireRole(Parties)).AddEndpointFilter<ProblemCodeFilter>();
        api.MapPost("/", Activate).Idempotent();
        api.MapGet("/", List);
        api.MapGet("/{contractNumber}", Get);
        api.MapPost("/{contractNumber}/exit", Exit).Idempotent(required: false).RequireAuthorization(p => p.RequireRole(LandlordSide));
        api.MapPost("/{contractNumber}/cancel", Cancel).Idempotent(required: false).RequireAuthorization(p => p.RequireRole(LandlordSide));
        api.MapPost("/{contractNumber}/unpaid-rent", DeclareUnpaidRent).Idempotent(heldByGrain: true);
        api.MapGet("/{contractNumber}/unpaid-rent", GetClaim);
        api.MapPost("/{contractNumber}/tenant-repayments", RecordTenantRepayment).Idempotent()
            .RequireAuthorization(p => p.RequireRole(LandlordSide));
        api.MapPost("/{contractNumber}/damage-claims", FileDamageClaim).Idempotent();
        return app;
    }

    public static async Task<Results<Created<ContractResponse>, ProblemHttpResult>> Activate(
        ActivationBody body, HttpContext http, IClusterClient cluster, ContractPartiesCache parties, ReadModels readModels, TimeProvider clock)
    {
        var caller = Caller.From(http.User);
        var violations = ContractValidation.Check(body);
        var registeredOn = new StatedDates(clock).Resolve(body.RegisteredOn, "registeredOn", caller, violations);
        if (violations.Count > 0)
        {
            return Problems.BadRequest(violations);
        }

        // A partner acts as the agent, for itself or for a landlord it manages, and under no other partner's name.
        if (caller.Role == Roles.Partner && body.AgentId is { } named && named != caller.Subject)
        {
            return Problems.Forbidden($"This key acts for partner '{caller.Subject}': it may not name '{named}' as agent.");
        }

        var agentId = caller.Role == Roles.Partner ? caller.Subject : body.AgentId;
        if (!caller.ActsFor(body.LandlordId, agentId) || (caller.Role == Roles.Partner
            && body.LandlordId != caller.Subject && !caller.Managed.Contains(body.LandlordId)))
        {
            return Problems.Forbidden($"This key may not activate contracts for landlord '{body.LandlordId}'.");
        }

        // The agent named sees the contract, its tenant's name included: only a partner that manages the landlord (or is
        // it, an institutional landlord). A precondition, like the caller's right to act for the landlord: it answers alone.
        if (caller.Role != Roles.Partner && agentId is not null && agentId != body.LandlordId
            && !await readModels.ManagesAsync(agentId, body.LandlordId))
        {
            return Problems.Refused([new Violation(RuleCodes.LandlordNotManaged, "agentId",
                $"Partner {agentId} does not manage landlord {body.LandlordId}: only a partner that does may be named as its agent.")]);
        }

        var number = await cluster.GetGrain<INumberAllocatorGrain>(0).Next(NumberKind.Contract);
        http.Items[AuditMiddleware.AuditTargetItem] = number;
        var command = ContractValidation.ToCommand(body, agentId, registeredOn, caller.Subject, GrainHeldKey.Of(http));
        ActivationOutcome outcome;
        if (command is { AgentId: { } agent, ExternalRef: { } reference })
        {
            // The agent's reference names one contract, whether activated alone or in bulk, by the partner itself or by
            // a landlord (or staff) naming it as agent: activations under it take turns in its grain, so two sent at the
            // same instant cannot both take it.
            var referenced = await cluster.GetGrain<IPartnerReferenceGrain>(IPartnerReferenceGrain.KeyOf(agent, reference))
                .Activate(number, command);
            if (referenced.TakenBy is { } taken)
            {
                return Problems.Create(StatusCodes.Status409Conflict, [new Violation(RuleCodes.ExternalRefAlreadyUsed, "externalRef",
                    await parties.MaySeeAsync(caller, taken) ? $"This reference already names contract {taken}." : "This reference already names another contract.")]);
            }

            outcome = referenced.Outcome!;
        }
        else
        {
            outcome = await cluster.GetGrain<IContractGrain>(number).Activate(command);
        }

        if (outcome.Contract is { } activated)
        {
            http.Items[AuditMiddleware.AuditTargetItem] = activated.ContractNumber;
        }

        return outcome switch
        {
            // The number allocated here, or the one a lost first run of this request took (see IContractGrain.ActivatedUnder).
            { Contract: { } contract } => TypedResults.Created($"/api/v1/contracts/{contract.ContractNumber}", ContractResponse.From(contract)),
            { Conflict: true } => Problems.Create(StatusCodes.Status409Conflict, await ForCallerAsync(outcome, caller, parties)),
            _ => Problems.Refused(await ForCallerAsync(outcome, caller, parties)),
        };
    }

    /// <summary>The refusal of a visa held by another contract names that contract only to whom may see it.</summary>
    private static async Task<IReadOnlyList<Violation>> ForCallerAsync(ActivationOutcome outcome, Caller caller, ContractPartiesCache parties) =>
        outcome.VisaUsedByContract is not { } holder || await parties.MaySeeAsync(caller, holder)
            ? outcome.Violations
            : [.. outcome.Violations.Select(v => v.Code == RuleCodes.VisaAlreadyUsed ? v with { Message = "This visa is already used by another contract." } : v)];

    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> Get(
        string contractNumber, HttpContext http, IClusterClient cluster)
    {
        var (contract, problem) = await Owned.LoadAsync(contractNumber, http, cluster);
        return contract is null ? problem! : TypedResults.Ok(ContractResponse.From(contract));
    }

    /// <summary>
    /// The caller's contracts (staff: every one), narrowed by landlord, status, or the partner's own reference for a
    /// lease (<c>externalRef</c>, as its activation or bulk file gave it), which a partner knows where it does not know
    /// our number.
    /// </summary>
    public static async Task<Results<Ok<Page<ContractListItem>>, ProblemHttpResult>> List(
        HttpContext http, ReadModels readModels, string? landlordId = null, string? externalRef = null, string? status = null,
        int limit = 50, string? after = null)
    {
        var violations = new List<Violation>();
        ListFilters.Id(landlordId, "landlordId", violations);
        var reference = ListFilters.Reference(externalRef, violations);
        var wireStatus = InputChecks.OneOf<ContractStatus>(status, "status", violations);
        InputChecks.Limit(limit, violations);
        InputChecks.Cursor(after, ContractNumber.IsValid, violations);
        return violations.Count > 0
            ? Problems.BadRequest(violations)
            : TypedResults.Ok(await readModels.ContractsAsync(Caller.From(http.User), new ContractFilter(landlordId, reference, wireStatus), limit, after));
    }

    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> Exit(
        string contractNumber, ExitBody body, HttpContext http, IClusterClient cluster, ContractPartiesCache parties)
    {
        if (await Owned.CheckAsync(contractNumber, http, parties) is { } problem)
        {
            return problem;
        }

        var grain = cluster.GetGrain<IContractGrain>(contractNumber);
        return await Owned.AfterAsync(await grain.Exit(body.ExitDate), grain);
    }

    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> Cancel(
        string contractNumber, CancelBody body, HttpContext http, IClusterClient cluster, ContractPartiesCache parties)
    {
        if (await Owned.CheckAsync(contractNumber, http, parties) is { } problem)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
        {
            return Problems.BadRequest("invalid_value", "'reason' is 1 to 500 characters.", "reason");
        }

        var grain = cluster.GetGrain<IContractGrain>(contractNumber);
        return await Owned.AfterAsync(await grain.Cancel(body.Reason.Trim()), grain);
    }

    public static async Task<Results<Ok<DeclarationResult>, ProblemHttpResult>> DeclareUnpaidRent(
        string contractNumber, DeclarationBody body, HttpContext http, IClusterClient cluster, ContractPartiesCache parties, TimeProvider clock)
    {
        var caller = Caller.From(http.User);
        var violations = ContractValidation.Check(body);
        var declaredOn = new StatedDates(clock).Resolve(body.DeclaredOn, "declaredOn", caller, violations);
        if (violations.Count > 0)
        {
            return Problems.BadRequest(violations);
        }

        if (await Owned.CheckAsync(contractNumber, http, parties) is { } problem)
        {
            return problem;
        }

        var result = await cluster.GetGrain<IContractGrain>(contractNumber).DeclareUnpaidRent(new DeclareUnpaidRent(
            declaredOn, body.DefaultDate, body.ReminderDate, body.DemandLetterDate,
            body.Months.Select(m => new MonthLine(m.Month.ToString(), m.Due, m.PaidByTenant, m.HousingBenefit)).ToList()),
            CommandOrigins.For(http, StatusCodes.Status200OK));
        CommandOrigins.Apply(http, result.Record);
        return result.Violations.Count > 0 ? RefusedOrConflict(result.Violations) : TypedResults.Ok(result);
    }

    /// <summary>
    /// A claim on a contract in the wrong state, a second damage claim, or a key reused, is a conflict (409), as for
    /// exit and cancel; when another rule fails too, the refusal (422) lists them all.
    /// </summary>
    private static ProblemHttpResult RefusedOrConflict(IReadOnlyList<Violation> violations) =>
        violations is [{ Code: RuleCodes.IdempotencyKeyReused or RuleCodes.ContractNotActive or RuleCodes.DamageAlreadyClaimed }]
            ? Problems.Create(StatusCodes.Status409Conflict, violations)
            : Problems.Refused(violations);

    public static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> GetClaim(
        string contractNumber, HttpContext http, IClusterClient cluster)
    {
        var (c, problem) = await Owned.LoadAsync(contractNumber, http, cluster);
        return c is null
            ? problem!
            : TypedResults.Ok(new ClaimResponse(c.ContractNumber, c.InstalmentsUsed, c.InstalmentsLeft, c.TotalPaidOut, c.RefundOwed,
                c.ClaimMonths, c.Payouts));
    }

    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> RecordTenantRepayment(
        string contractNumber, RepaymentBody body, HttpContext http, IClusterClient cluster, ContractPartiesCache parties, TimeProvider clock)
    {
        var caller = Caller.From(http.User);
        var violations = new List<Violation>();
        InputChecks.Amount(body.Amount, "amount", violations, positive: true);
        var receivedOn = new StatedDates(clock).Resolve(body.ReceivedOn, "receivedOn", caller, violations);
        if (violations.Count > 0)
        {
            return Problems.BadRequest(violations);
        }

        if (await Owned.CheckAsync(contractNumber, http, parties) is { } problem)
        {
            return problem;
        }

        var grain = cluster.GetGrain<IContractGrain>(contractNumber);
        var repayment = new TenantRepayment(body.Month.ToString(), body.Amount, receivedOn);
        return await Owned.AfterAsync(await grain.RecordTenantRepayment(repayment, GrainHeldKey.Of(http)), grain);
    }

    public static async Task<Results<Ok<DamageResult>, ProblemHttpResult>> FileDamageClaim(
        string contractNumber, DamageBody body, HttpContext http, IClusterClient cluster, ContractPartiesCache parties, TimeProvider clock)
    {
        var caller = Caller.From(http.User);
        var violations = ContractValidation.Check(body);
        var filedOn = new StatedDates(clock).Resolve(body.FiledOn, "filedOn", caller, violations);
        if (violations.Count > 0)
        {
            return Problems.BadRequest(violations);
        }

        if (await Owned.CheckAsync(contractNumber, http, parties) is { } problem)
        {
            return problem;
        }

        var result = await cluster.GetGrain<IContractGrain>(contractNumber).FileDamageClaim(new FileDamageClaim(
            body.ExitDate, body.InventoryInDate, body.InventoryOutDate, body.RepairCost, body.DepositKept, body.WearRate, filedOn));
        return result.Violations.Count > 0 ? RefusedOrConflict(result.Violations) : TypedResults.Ok(result);
    }
}
