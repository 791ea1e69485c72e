namespace ActionLogement.Grains.Visas;

internal static class VisaMapping
{
    public static VisaRequest ToDomain(VisaApplication a) => new(
        a.FirstName,
        a.LastName,
        a.BirthDate,
        a.Profile,
        a.RequestDate,
        a.MonthlyResources,
        a.StudentHasProofOfResources is { } proof ? new StudentSituation(proof) : null,
        a.Employment is { } e
            ? new Employment(e.Contract, e.NetSalary, e.StartDate, e.EndDate, e.MonthsWorkedLast3, e.TransferDate)
            : null);

    public static VisaFacts ToFacts(VisaView v) => new(
        v.VisaNumber,
        v.Status == VisaStatus.Certified,
        v.Status == VisaStatus.Revoked,
        v.HolderFirstName,
        v.HolderLastName,
        v.BirthDate,
        v.Profile,
        v.IssuedOn,
        v.ExpiresOn,
        v.MaxRent);
}
