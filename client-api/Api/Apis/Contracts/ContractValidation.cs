using static ActionLogement.Api.Infrastructure.InputChecks;

namespace ActionLogement.Api.Apis.Contracts;

/// <summary>Shape checks (400) before the rule engine sees a request; business refusals (422) are the engine's.</summary>
public static class ContractValidation
{
    private static readonly DateOnly Earliest = new(1990, 1, 1);
    private static readonly DateOnly Latest = new(2100, 12, 31);

    public static List<Violation> Check(ActivationBody b)
    {
        var v = new List<Violation>();
        if (!VisaNumber.IsValid(b.VisaNumber))
        {
            v.Add(new Violation("visa_number_invalid", "visaNumber", "A visa number is 'V' followed by 11 digits."));
        }

        // Measured as stored, trimmed (see ToCommand), as a file row's fields are: " X1" would otherwise be another
        // reference than "X1" alone and the same one in bulk, and 100 characters with a space before them too long.
        Text(b.TenantLastName.Trim(), "tenantLastName", 100, v);
        if (!string.IsNullOrWhiteSpace(b.TenantFirstName))
        {
            Text(b.TenantFirstName.Trim(), "tenantFirstName", 100, v);
        }

        Id(b.LandlordId.Trim(), "landlordId", 50, v);
        Text(b.Lease.Address.Trim(), "lease.address", 300, v, multiLine: true);
        if (b.AgentId is { } agentId)
        {
            Id(agentId, "agentId", 50, v);
        }

        if (Reference(b) is { } externalRef)
        {
            Text(externalRef, "externalRef", 100, v);
        }

        Amount(b.Lease.Rent, "lease.rent", v, positive: true);
        Amount(b.Lease.Charges, "lease.charges", v);
        Amount(b.Lease.Deposit, "lease.deposit", v);
        Date(b.Lease.SignedOn, "lease.signedOn", v);
        Date(b.Lease.EffectiveOn, "lease.effectiveOn", v);
        if (b.Lease.TermMonths is < 1 or > 1200)
        {
            v.Add(new Violation("invalid_value", "lease.termMonths", "'termMonths' is 1 to 1200."));
        }

        return v;
    }

    public static List<Violation> Check(DeclarationBody b)
    {
        var v = new List<Violation>();
        if (b.Months.Count is 0 or > 60)
        {
            v.Add(new Violation("invalid_value", "months", "Declare 1 to 60 months."));
        }

        // The reader leaves null elements of a list to us: a null month is malformed, and the months are not read further.
        for (var i = 0; i < b.Months.Count; i++)
        {
            if (b.Months[i] is null)
            {
                v.Add(new Violation("invalid_value", $"months[{i}]", "A month is an object, not null."));
                return v;
            }
        }

        if (b.Months.Select(m => m.Month).Distinct().Count() != b.Months.Count)
        {
            v.Add(new Violation("invalid_value", "months", "A month appears twice in one declaration."));
        }

        for (var i = 0; i < b.Months.Count; i++)
        {
            var m = b.Months[i];
            Amount(m.Due, $"months[{i}].due", v, positive: true);
            Amount(m.PaidByTenant, $"months[{i}].paidByTenant", v);
            Amount(m.HousingBenefit, $"months[{i}].housingBenefit", v);
            Date(m.Month.FirstDay, $"months[{i}].month", v);
        }

        Date(b.DefaultDate, "defaultDate", v);
        Date(b.ReminderDate, "reminderDate", v);
        Date(b.DemandLetterDate, "demandLetterDate", v);
        return v;
    }

    public static List<Violation> Check(DamageBody b)
    {
        var v = new List<Violation>();
        Amount(b.RepairCost, "repairCost", v);
        Amount(b.DepositKept, "depositKept", v);
        if (b.WearRate is < 0 or > 1)
        {
            v.Add(new Violation("invalid_value", "wearRate", "'wearRate' is a fraction from 0 to 1."));
        }

        Date(b.ExitDate, "exitDate", v);
        Date(b.InventoryInDate, "inventoryInDate", v);
        Date(b.InventoryOutDate, "inventoryOutDate", v);
        if (b.InventoryOutDate < b.InventoryInDate)
        {
            v.Add(new Violation("date_out_of_range", "inventoryOutDate", "The move-out inventory is before the move-in one."));
        }

        return v;
    }

    public static ActivateContract ToCommand(ActivationBody b, string? agentId, DateOnly registeredOn, string activatedBy,
        IdempotencyDigest? key = null) => new(
        b.VisaNumber, b.TenantLastName.Trim(), b.TenantFirstName?.Trim(), b.LandlordId.Trim(), agentId, Reference(b),
        new LeaseTerms(b.Lease.Park, b.Lease.Zone, b.Lease.Address.Trim(), b.Lease.Rent, b.Lease.Charges, b.Lease.Deposit,
            b.Lease.SignedOn, b.Lease.EffectiveOn, b.Lease.TermMonths),
        registeredOn, activatedBy, key);

    /// <summary>The partner's own reference as stored and compared: trimmed, as bulk rows' are.</summary>
    public static string? Reference(ActivationBody b) => b.ExternalRef?.Trim();

    private static void Date(DateOnly? date, string field, List<Violation> v)
    {
        if (date is { } d && (d < Earliest || d > Latest))
        {
            v.Add(new Violation("date_out_of_range", field, $"'{field}' is out of range."));
        }
    }
}
