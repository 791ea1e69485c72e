namespace ActionLogement.Grains.Bulk;

/// <summary>A staged input row as the worker reads it back.</summary>
public sealed record BulkRow(
    int Line,
    string? ExternalRef,
    string? VisaNumber,
    string? TenantLastName,
    string? TenantFirstName,
    string? LandlordId,
    string? Park,
    string? Zone,
    string? Address,
    decimal? Rent,
    decimal? Charges,
    decimal? Deposit,
    DateOnly? SignedOn,
    DateOnly? EffectiveOn,
    int? TermMonths,
    DateOnly? RegisteredOn,
    string? ParseError);

public sealed record BulkResult(int Line, string? ExternalRef, string Status, string? ContractNumber, IReadOnlyList<string> Codes,
    string? Detail = null)
{
    public const string Activated = "activated";
    public const string AlreadyActive = "already_active";
    public const string Rejected = "rejected";

    public static BulkResult Reject(BulkRow row, params string[] codes) => new(row.Line, row.ExternalRef, Rejected, null, codes);

    public static BulkResult Malformed(BulkRow row, string detail) => new(row.Line, row.ExternalRef, Rejected, null, [RuleCodes.RowMalformed], detail);
}

/// <summary>A partner's reference already taken: its contract, with that contract's status and visa once it is stored.</summary>
public sealed record ActivatedRef(string ContractNumber, string? Status, string? VisaNumber);

public sealed record BulkJob(string JobId, string PartnerId, IReadOnlyList<string> Managed, string State, int CursorLine, DateOnly UploadedOn);
