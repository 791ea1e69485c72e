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

    /// <summary>How far from today a date that plans what comes next may lie; further out it is a typing error.</summary>
    public const int HorizonDays = 366;

    /// <summary>
    /// A date set for what comes next (a plan's first instalment, the next action on a case): within a year of today
    /// either way, the past allowing for a plan or a contact recorded late.
    /// </summary>
    public static RuleViolation? CheckPlanned(DateOnly date, DateOnly today, string field) =>
        date < today.AddDays(-HorizonDays)
            ? new RuleViolation(RuleCodes.DateOutOfRange, field, $"{field} {date:yyyy-MM-dd} is more than a year in the past.")
            : CheckAhead(date, today, field);

    /// <summary>A date that may be long past (a move-out declared late) but not more than a year ahead.</summary>
    public static RuleViolation? CheckAhead(DateOnly date, DateOnly today, string field) =>
        date > today.AddDays(HorizonDays)
            ? new RuleViolation(RuleCodes.DateOutOfRange, field, $"{field} {date:yyyy-MM-dd} is more than a year ahead.")
            : null;
}
