namespace ActionLogement.Grains.Visas;

/// <summary>
/// Whether a visa may carry a contract: the activation rules against the visa, then whether another contract holds
/// it. One place for both the visa grain (one activation) and bulk activation (a batch of rows at once).
/// </summary>
public static class VisaReservations
{
    /// <summary>A reservation whose contract was never written (a crash mid-activation) frees the visa after this.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public static VisaReservation Check(VisaView? visa, string contractNumber, ActivateContract command, PolicyCatalog policies)
    {
        var request = command.ToDomain();
        var facts = visa is null ? null : VisaMapping.ToFacts(visa);
        var decision = ActivationRules.Check(request, facts, policies);
        var violations = decision.Violations.Select(Violation.From).ToList();

        // Every failing check is reported, this one too, but only to whoever names the holder.
        if (visa?.UsedByContract is { } holder && holder != contractNumber && ActivationRules.HolderNamed(request, facts!))
        {
            violations.Add(new Violation(RuleCodes.VisaAlreadyUsed, "visaNumber", $"Visa {visa.VisaNumber} is already used by contract {holder}."));
        }

        return violations.Count > 0 || decision.Cover is null
            ? new VisaReservation(false, null, violations, visa?.UsedByContract)
            : new VisaReservation(true, CoverTerms.From(decision.Cover), [], contractNumber, visa!.TenantSubject);
    }

    /// <summary>Refused only because another contract holds the visa (every other rule passed).</summary>
    public static bool HeldByAnother(VisaReservation reservation) =>
        reservation.Violations is [{ Code: RuleCodes.VisaAlreadyUsed }];

    /// <summary>Another contract holds the visa, whatever else was refused.</summary>
    public static bool HeldByAnotherAmongOthers(VisaReservation reservation) =>
        reservation.Violations.Any(v => v.Code == RuleCodes.VisaAlreadyUsed);

    /// <summary>Whether the holder's reservation is old enough that, if its contract does not exist, it was abandoned.</summary>
    public static bool MayBeAbandoned(VisaState state, DateTimeOffset now) => now - state.ReservedAt > AbandonedAfter;

    public static VisaState Reserve(VisaState state, string contractNumber, DateTimeOffset now) =>
        new() { Visa = state.Visa! with { UsedByContract = contractNumber }, ReservedAt = now };
}
