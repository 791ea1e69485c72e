namespace ActionLogement.Domain;

public enum Park
{
    Private,
    PrivateMobility,
    Social,
    Collective,

    // The last three exist only so that they can be named and refused (park_excluded).
    TouristResidence,
    Rhvs,
    FamilyPension,
}
