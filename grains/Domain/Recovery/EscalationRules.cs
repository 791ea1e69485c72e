namespace ActionLogement.Domain;

/// <summary>The durations an escalation carries; the wire record of the grains can implement this directly.</summary>
public interface IEscalationTerms
{
    int? CourtDelayMonths { get; }

    int? SuspensionMonths { get; }

    /// <summary>Whether an over-indebtedness measure (suspension, rescheduling, write-off) is named.</summary>
    bool NamesMeasure { get; }

    /// <summary>Whether the measure named is a suspension of enforcement, the one measure that has a duration.</summary>
    bool NamesSuspension { get; }
}

public sealed record EscalationTerms(int? CourtDelayMonths, int? SuspensionMonths, bool NamesMeasure = false, bool NamesSuspension = false)
    : IEscalationTerms;

/// <summary>Escalation to litigation or over-indebtedness: the transition, and the legal maximum durations.</summary>
public static class EscalationRules
{
    /// <param name="awaitingMeasure">
    /// The case is in over-indebtedness on a file whose measure the commission has not decided yet: the escalation
    /// that names it records that decision, the one move from over-indebtedness to itself.
    /// </param>
    public static IReadOnlyList<RuleViolation> Check(RecoveryState from, RecoveryState to, IEscalationTerms terms, Policy policy,
        bool awaitingMeasure = false)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var decision = awaitingMeasure && from == RecoveryState.OverIndebtedness && to == RecoveryState.OverIndebtedness && terms.NamesMeasure;
        var violations = Check(from, to, terms.CourtDelayMonths, terms.SuspensionMonths, policy, decision);

        // A court grants delays; the Banque de France commission decides the measures. Terms of the other procedure
        // would be recorded as if decided, and a write-off named in a litigation would close the case as a
        // "rétablissement personnel" no commission ordered.
        if (to == RecoveryState.Litigation && (terms.NamesMeasure || terms.SuspensionMonths is not null))
        {
            violations = [.. violations, new(RuleCodes.EscalationTermsMismatch, terms.NamesMeasure ? "measure" : "suspensionMonths",
                "Over-indebtedness measures belong to a Banque de France file, not to a litigation.")];
        }
        else if (to == RecoveryState.OverIndebtedness && terms.CourtDelayMonths is not null)
        {
            violations = [.. violations, new(RuleCodes.EscalationTermsMismatch, "courtDelayMonths",
                "Court delays belong to a litigation, not to a Banque de France file.")];
        }
        else if (terms.NamesSuspension && terms.SuspensionMonths is null)
        {
            // A suspension without its length would set no date to look at the case again.
            violations = [.. violations, new(RuleCodes.EscalationTermsMismatch, "suspensionMonths",
                "A suspension of enforcement states its length in months.")];
        }
        else if (!terms.NamesSuspension && terms.SuspensionMonths is not null)
        {
            violations = [.. violations, new(RuleCodes.EscalationTermsMismatch, "suspensionMonths",
                "Only a suspension of enforcement has a length in months; the measure named has none.")];
        }

        return violations;
    }

    public static IReadOnlyList<RuleViolation> Check(RecoveryState from, RecoveryState to, int? courtDelayMonths, int? suspensionMonths, Policy policy,
        bool recordsDecision = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var violations = new List<RuleViolation>();
        if (!recordsDecision && RecoveryTransitions.Check(from, to) is { } refusal)
        {
            violations.Add(refusal);
        }

        if (courtDelayMonths is < 0)
        {
            violations.Add(new(RuleCodes.InvalidDuration, "courtDelayMonths", "A duration cannot be negative."));
        }

        if (suspensionMonths is < 0)
        {
            violations.Add(new(RuleCodes.InvalidDuration, "suspensionMonths", "A duration cannot be negative."));
        }

        if (courtDelayMonths > policy.CourtDelayMaxMonths)
        {
            violations.Add(new(RuleCodes.CourtDelayTooLong, "courtDelayMonths", $"A judge grants at most {policy.CourtDelayMaxMonths} months of delays."));
        }

        if (suspensionMonths > policy.OverIndebtednessSuspensionMaxMonths)
        {
            violations.Add(new(RuleCodes.SuspensionTooLong, "suspensionMonths",
                $"Enforcement is suspended for at most {policy.OverIndebtednessSuspensionMaxMonths} months."));
        }

        return violations;
    }
}
