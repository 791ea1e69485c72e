namespace ActionLogement.Domain;

/// <summary>The durations an escalation carries; the wire record of the grains can implement this directly.</summary>
public interface IEscalationTerms
{
    int? CourtDelayMonths { get; }

    int? SuspensionMonths { get; }
}

public sealed record EscalationTerms(int? CourtDelayMonths, int? SuspensionMonths) : IEscalationTerms;

/// <summary>Escalation to litigation or over-indebtedness: the transition, and the legal maximum durations.</summary>
public static class EscalationRules
{
    public static IReadOnlyList<RuleViolation> Check(RecoveryState from, RecoveryState to, IEscalationTerms terms, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return Check(from, to, terms.CourtDelayMonths, terms.SuspensionMonths, policy);
    }

    public static IReadOnlyList<RuleViolation> Check(RecoveryState from, RecoveryState to, int? courtDelayMonths, int? suspensionMonths, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var violations = new List<RuleViolation>();
        if (RecoveryTransitions.Check(from, to) is { } refusal)
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
