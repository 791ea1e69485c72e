namespace ActionLogement.Api.Apis.Bulk;

/// <summary>One input line, typed where it parsed; <see cref="ParseError"/> names the first bad column otherwise.</summary>
public sealed class StagedRow
{
    public int Line { get; init; }
    public string? ExternalRef { get; set; }
    public string? VisaNumber { get; set; }
    public string? TenantLastName { get; set; }
    public string? TenantFirstName { get; set; }
    public string? LandlordId { get; set; }
    public string? Park { get; set; }
    public string? Zone { get; set; }
    public string? Address { get; set; }
    public decimal? Rent { get; set; }
    public decimal? Charges { get; set; }
    public decimal? Deposit { get; set; }
    public DateOnly? SignedOn { get; set; }
    public DateOnly? EffectiveOn { get; set; }
    public int? TermMonths { get; set; }
    public DateOnly? RegisteredOn { get; set; }
    public string? ParseError { get; set; }
}
