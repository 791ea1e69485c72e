namespace ActionLogement.Domain;

public enum EmploymentContract
{
    Cdi,
    Cdd,
    Trial,
    PromiseOfHire,
    Apprenticeship,
    Internship,
    CivicService,
    Training,
    TemporaryAssignment,
    None,
}
