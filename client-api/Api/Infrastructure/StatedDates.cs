namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// Dates a request may state (requestDate, registeredOn, declaredOn, filedOn), checked by the rule engine against
/// the real clock: never in the future, and only staff and admin may backdate them beyond the policy's allowance.
/// </summary>
public sealed class StatedDates(TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public DateOnly Resolve(DateOnly? given, string field, Caller caller, List<Violation> violations)
    {
        var today = Today;
        var date = given ?? today;
        if (Domain.RequestDates.Check(date, today, caller.IsStaff, PolicyCatalog.Default.ForDate(today), field) is { } refusal)
        {
            violations.Add(Violation.From(refusal));
        }

        return date;
    }
}
