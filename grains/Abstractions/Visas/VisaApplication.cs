namespace ActionLogement.Grains.Abstractions;

/// <summary>A candidate's request for a visa, as it crosses the wire. Holds personal data: never log it.</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.VisaApplication")]
public sealed record VisaApplication(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] DateOnly BirthDate,
    [property: Id(3)] Profile Profile,
    [property: Id(4)] DateOnly RequestDate,
    [property: Id(5)] decimal? MonthlyResources,
    [property: Id(6)] bool? StudentHasProofOfResources,
    [property: Id(7)] EmploymentInfo? Employment);

[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.EmploymentInfo")]
public sealed record EmploymentInfo(
    [property: Id(0)] EmploymentContract Contract,
    [property: Id(1)] decimal? NetSalary,
    [property: Id(2)] DateOnly? StartDate,
    [property: Id(3)] DateOnly? EndDate,
    [property: Id(4)] int? MonthsWorkedLast3,
    [property: Id(5)] DateOnly? TransferDate);
