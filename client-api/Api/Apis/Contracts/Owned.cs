using ActionLogement.Api.Infrastructure;

namespace ActionLogement.Api.Apis.Contracts;

/// <summary>
/// Loads a contract for a caller. Someone else's contract answers 404, exactly like an unknown number, so a key
/// cannot probe which contract numbers exist.
/// </summary>
internal static class Owned
{
    public static async Task<(ContractView? Contract, ProblemHttpResult? Problem)> LoadAsync(
        string contractNumber, HttpContext http, IClusterClient cluster)
    {
        if (!ContractNumber.IsValid(contractNumber))
        {
            return (null, Problems.BadRequest("contract_number_invalid", "A contract number is 'A' followed by 11 digits.", "contractNumber"));
        }

        var contract = await cluster.GetGrain<IContractGrain>(contractNumber).Get();
        return contract is not null && Caller.From(http.User).ActsFor(contract.LandlordId, contract.AgentId)
            ? (contract, null)
            : (null, Problems.NotFound("contract", contractNumber));
    }

    /// <summary>The access check of a command: only the parties are fetched, not the whole contract.</summary>
    public static async Task<ProblemHttpResult?> CheckAsync(string contractNumber, HttpContext http, ContractPartiesCache parties)
    {
        if (!ContractNumber.IsValid(contractNumber))
        {
            return Problems.BadRequest("contract_number_invalid", "A contract number is 'A' followed by 11 digits.", "contractNumber");
        }

        var found = await parties.GetAsync(contractNumber);
        return found is not null && Caller.From(http.User).ActsFor(found.LandlordId, found.AgentId)
            ? null
            : Problems.NotFound("contract", contractNumber);
    }

    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> AfterAsync(CommandResult result, IContractGrain grain)
    {
        if (result.Done)
        {
            return TypedResults.Ok(ContractResponse.From((await grain.Get())!));
        }

        return result.Conflict
            ? Problems.Create(StatusCodes.Status409Conflict, result.Violations)
            : Problems.Refused(result.Violations);
    }
}
