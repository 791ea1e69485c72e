namespace ActionLogement.Domain;

public sealed record Employment(
    EmploymentContract Contract,
    decimal? NetSalary,
    DateOnly? StartDate,
    DateOnly? EndDate,
    int? MonthsWorkedLast3,
    DateOnly? TransferDate);

public enum StudentKind
{
    Student,
    GrantHolder,
    WorkStudy,
    CivicService,
    HigherEducation,
}

public sealed record StudentSituation(bool HasProofOfResources, StudentKind Kind = StudentKind.Student);

public sealed record VisaRequest(
    string FirstName,
    string LastName,
    DateOnly BirthDate,
    Profile Profile,
    DateOnly RequestDate,
    decimal? MonthlyResources,
    StudentSituation? Student,
    Employment? Employment);

public sealed record VisaDecision(
    bool Certified,
    IReadOnlyList<RuleViolation> Violations,
    string PolicyVersion,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    IReadOnlyDictionary<Zone, decimal> MaxRent);
