namespace ActionLogement.Grains.Bulk;

internal static class BulkCommands
{
    /// <summary>The activation command of a well-formed row; null when park or zone is not a known value.</summary>
    public static ActivateContract? TryCreate(BulkRow row, BulkJob job)
    {
        if (!ApiSpelling<Park>.TryParse(row.Park, out var park) || !ApiSpelling<Zone>.TryParse(row.Zone, out var zone))
        {
            return null;
        }

        return new ActivateContract(
            row.VisaNumber!, row.TenantLastName!, row.TenantFirstName, row.LandlordId!, job.PartnerId, row.ExternalRef,
            new LeaseTerms(park, zone, row.Address!, row.Rent!.Value, row.Charges ?? 0, row.Deposit ?? 0,
                row.SignedOn!.Value, row.EffectiveOn!.Value, row.TermMonths),
            row.RegisteredOn ?? job.UploadedOn,
            job.PartnerId);
    }
}
