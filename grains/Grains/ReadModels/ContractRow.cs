namespace ActionLogement.Grains.ReadModels;

/// <summary>
/// The columns of a <c>contracts_view</c> row: what lists filter and show. Built straight from the grain's state,
/// without the full view (claim months, payouts) a projection has no use for.
/// </summary>
public sealed record ContractRow(
    string ContractNumber,
    string LandlordId,
    string? AgentId,
    string? ExternalRef,
    string VisaNumber,
    ContractStatus Status,
    string PolicyVersion,
    Park Park,
    Zone Zone,
    decimal RentAndCharges,
    DateOnly RegisteredOn,
    DateOnly? ExitDate,
    int InstalmentsUsed,
    decimal TotalPaidOut);
