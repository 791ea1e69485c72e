using ActionLogement.Api.Apis.Contracts;
using ActionLogement.Api.Infrastructure;

namespace ActionLogement.Api.Apis.Visas;

public static class VisasApi
{
    public static IEndpointRouteBuilder MapVisasApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/visas").WithTags("Visas").RequireAuthorization()
            .AddEndpointFilter<ProblemCodeFilter>();
        api.MapPost("/", RequestVisa).RequireAuthorization(p => p.RequireRole(Roles.Tenant, Roles.Staff))
            .Idempotent(required: false);
        // An operator (LLI loans) has no part in visas: a wrong role is 403, as for contracts.
        api.MapGet("/{visaNumber}", GetVisa)
            .RequireAuthorization(p => p.RequireRole(Roles.Tenant, Roles.Staff, Roles.Landlord, Roles.Partner));
        return app;
    }

    public static async Task<Results<Created<VisaResponse>, ProblemHttpResult>> RequestVisa(
        VisaRequestBody body, HttpContext http, IClusterClient cluster, TimeProvider clock)
    {
        var caller = Caller.From(http.User);
        var violations = VisaRequestValidation.Check(body);
        var requestDate = new StatedDates(clock).Resolve(body.RequestDate, "requestDate", caller, violations);
        if (violations.Count > 0)
        {
            return Problems.BadRequest(violations);
        }

        if (caller.Role == Roles.Tenant
            && !await cluster.GetGrain<ICandidateGrain>(caller.Subject).Claim(new CandidateIdentity(body.FirstName, body.LastName, body.BirthDate)))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "identity_mismatch",
                "A tenant key is one candidate's: it requests visas in its holder's name only (staff enter a visa for someone else).");
        }

        var number = await cluster.GetGrain<INumberAllocatorGrain>(0).Next(NumberKind.Visa);
        http.Items[AuditMiddleware.AuditTargetItem] = number;
        var visa = await cluster.GetGrain<IVisaGrain>(number).Request(VisaRequestValidation.ToApplication(body, requestDate), caller.Subject,
            byTenant: caller.Role == Roles.Tenant);
        var response = VisaResponse.From(visa, withPersonalData: true);
        if (visa.Status == VisaStatus.Refused)
        {
            var problem = Problems.Refused(visa.Violations);
            problem.ProblemDetails.Extensions["visaNumber"] = number;
            return problem;
        }

        return TypedResults.Created($"/api/v1/visas/{number}", response);
    }

    /// <param name="lastName">A landlord or partner proves it knows the holder by giving the holder's surname.</param>
    public static async Task<Results<Ok<VisaResponse>, ProblemHttpResult>> GetVisa(
        string visaNumber, string? lastName, HttpContext http, IClusterClient cluster, ContractPartiesCache parties)
    {
        if (!VisaNumber.IsValid(visaNumber))
        {
            return Problems.BadRequest("visa_number_invalid", "A visa number is 'V' followed by 11 digits.", "visaNumber");
        }

        var visa = await cluster.GetGrain<IVisaGrain>(visaNumber).Get();
        if (visa is null)
        {
            return Problems.NotFound("visa", visaNumber);
        }

        var caller = Caller.From(http.User);
        var isHolder = caller.Role == Roles.Tenant && caller.Subject == visa.TenantSubject;
        if (caller.IsStaff || isHolder)
        {
            return TypedResults.Ok(VisaResponse.From(visa, withPersonalData: true));
        }

        // Others learn nothing, not even that the number exists, unless they know the holder's surname.
        var knowsHolder = caller.Role is Roles.Landlord or Roles.Partner && lastName is not null
            && Names.Match(lastName, visa.HolderLastName);
        if (!knowsHolder)
        {
            return Problems.NotFound("visa", visaNumber);
        }

        var seesContract = visa.UsedByContract is not { } holder || await parties.MaySeeAsync(caller, holder);
        return TypedResults.Ok(VisaResponse.From(visa, withPersonalData: false, withContract: seesContract));
    }
}
