namespace ActionLogement.Grains.Abstractions;

public enum VisaStatus
{
    Certified,
    Refused,
    Revoked,
}

/// <summary>What a visa says today. The API hides birth date and resources from roles that need not see them.</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.VisaView")]
public sealed record VisaView(
    [property: Id(0)] string VisaNumber,
    [property: Id(1)] VisaStatus Status,
    [property: Id(2)] DateOnly IssuedOn,
    [property: Id(3)] DateOnly ExpiresOn,
    [property: Id(4)] IReadOnlyDictionary<Zone, decimal> MaxRent,
    [property: Id(5)] string PolicyVersion,
    [property: Id(6)] string HolderFirstName,
    [property: Id(7)] string HolderLastName,
    [property: Id(8)] DateOnly BirthDate,
    [property: Id(9)] Profile Profile,
    [property: Id(10)] decimal? MonthlyResources,
    [property: Id(11)] string? RequestedBy,
    [property: Id(12)] string? UsedByContract,
    [property: Id(13)] IReadOnlyList<Violation> Violations,
    [property: Id(14)] string? TenantSubject = null);
