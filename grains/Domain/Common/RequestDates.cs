namespace ActionLogement.Domain;

/// <summary>Dates stated in a request (requestDate, registeredOn, declaredOn, filedOn) against the real clock (API.md).</summary>
public static class RequestDates
{
    /// <summary>
    /// A stated date may not be in the future; a caller without back-office rights may not backdate it by more than
    /// <see cref="Policy.BackdateMaxDays"/>, so a landlord cannot slip past a deadline by choosing the date.
    /// </summary>
    public static RuleViolation? Check(DateOnly stated, DateOnly today, bool mayBackdate, Policy policy, string field)
    {
        if (stated > today)
        {
            return new RuleViolation(RuleCodes.DateOutOfRange, field, $"{field} {stated:yyyy-MM-dd} is in the future.");
        }

        return !mayBackdate && stated < today.AddDays(-policy.BackdateMaxDays)
            ? new RuleViolation(RuleCodes.DateOutOfRange, field, $"{field} may not be more than {policy.BackdateMaxDays} days in the past.")
            : null;
    }
}
