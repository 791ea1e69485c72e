namespace ActionLogement.Domain;

public enum Profile
{
    Young,
    Student,
    Employee,
    NewHire,
    Transfer,
    MobilityLease,
}
