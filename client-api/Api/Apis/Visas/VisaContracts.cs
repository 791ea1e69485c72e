using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionLogement.Api.Apis.Visas;

public sealed record VisaRequestBody(
    string FirstName,
    string LastName,
    DateOnly BirthDate,
    [property: JsonConverter(typeof(ProfileConverter))] Profile Profile,
    DateOnly? RequestDate = null,
    decimal? MonthlyResources = null,
    StudentBody? Student = null,
    EmploymentBody? Employment = null);

public sealed record StudentBody(bool HasProofOfResources);

public sealed record EmploymentBody(
    EmploymentContract Contract,
    decimal? NetSalary = null,
    DateOnly? StartDate = null,
    DateOnly? EndDate = null,
    int? MonthsWorkedLast3 = null,
    DateOnly? TransferDate = null);

public sealed record HolderBody(string? FirstName, string LastName, DateOnly? BirthDate, decimal? MonthlyResources);

public sealed record VisaResponse(
    string VisaNumber,
    VisaStatus Status,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    IReadOnlyDictionary<string, decimal> MaxRent,
    string PolicyVersion,
    Profile? Profile,
    HolderBody Holder,
    string? UsedByContract,
    bool Used,
    IReadOnlyList<Violation> Refusals)
{
    /// <summary>
    /// Birth date and resources are personal data: only the holder and staff see them (domain-rules §9), and so the
    /// reasons of a refusal, which tell the holder's salary or age (a landlord sees that the visa was refused). A landlord
    /// who names the holder's surname sees what API.md gives it, status, expiry and ceilings, and the surname it gave:
    /// not the first name (which a surname alone would then yield, and with it the proof an activation asks for) nor the
    /// profile (the holder's age bracket and situation). The contract that used the visa is named only to whom may see
    /// that contract; that it is used, to all who see it (a null contract alone would read as "free").
    /// </summary>
    public static VisaResponse From(VisaView v, bool withPersonalData, bool withContract = true) => new(
        v.VisaNumber,
        v.Status,
        v.IssuedOn,
        v.ExpiresOn,
        v.MaxRent.ToDictionary(z => JsonNamingPolicy.SnakeCaseUpper.ConvertName(z.Key.ToString()), z => z.Value),
        v.PolicyVersion,
        withPersonalData ? v.Profile : null,
        new HolderBody(withPersonalData ? v.HolderFirstName : null, v.HolderLastName,
            withPersonalData ? v.BirthDate : null, withPersonalData ? v.MonthlyResources : null),
        withContract ? v.UsedByContract : null,
        v.UsedByContract is not null,
        withPersonalData ? v.Violations : []);
}
