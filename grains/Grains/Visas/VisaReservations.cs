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
        var decision = ActivationRules.Check(command.ToDomain(), visa is null ? null : VisaMapping.ToFacts(visa), policies);
        if (!decision.Accepted || decision.Cover is null)
        {
            return new VisaReservation(false, null, decision.Violations.Select(Violation.From).ToList(), visa?.UsedByContract);
        }

        if (visa!.UsedByContract is { } holder && holder != contractNumber)
        {
            return new VisaReservation(false, null,
                [new Violation(RuleCodes.VisaAlreadyUsed, "visaNumber", $"Visa {visa.VisaNumber} is already used by contract {holder}.")],
                holder);
        }

        return new VisaReservation(true, CoverTerms.From(decision.Cover), [], contractNumber, visa.RequestedBy);
    }

    /// <summary>Refused only because another contract holds the visa (every other rule passed).</summary>
    public static bool HeldByAnother(VisaReservation reservation) =>
        reservation.Violations is [{ Code: RuleCodes.VisaAlreadyUsed }];

    /// <summary>Whether the holder's reservation is old enough that, if its contract does not exist, it was abandoned.</summary>
    public static bool MayBeAbandoned(VisaState state, DateTimeOffset now) => now - state.ReservedAt > AbandonedAfter;

    public static VisaState Reserve(VisaState state, string contractNumber, DateTimeOffset now) =>
        new() { Visa = state.Visa! with { UsedByContract = contractNumber }, ReservedAt = now };
}
