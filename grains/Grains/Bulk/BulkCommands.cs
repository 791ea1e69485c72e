using System.Text.Json;

namespace ActionLogement.Grains.Bulk;

internal static class BulkCommands
{
    /// <summary>The activation command of a well-formed row; null when park or zone is not a known value.</summary>
    public static ActivateContract? TryCreate(BulkRow row, BulkJob job)
    {
        if (!TryParse<Park>(row.Park, out var park) || !TryParse<Zone>(row.Zone, out var zone))
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

    // API spelling (PRIVATE_MOBILITY) to the enum member (PrivateMobility), exactly as the JSON endpoints read it.
    private static bool TryParse<T>(string? value, out T parsed) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (JsonNamingPolicy.SnakeCaseUpper.ConvertName(candidate.ToString()) == value)
            {
                parsed = candidate;
                return true;
            }
        }

        parsed = default;
        return false;
    }
}
