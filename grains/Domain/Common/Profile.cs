namespace ActionLogement.Domain;

public enum Profile
{
    Young,
    Student,
    Employee,
    NewHire,
    Transfer,
    MobilityLease,

    /// <summary>A profile the request named that none of the above is: the visa is refused with <c>profile_unknown</c>.</summary>
    Unknown,
}
