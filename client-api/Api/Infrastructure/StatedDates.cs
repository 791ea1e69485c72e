namespace ActionLogement.Api.Infrastructure;

/// <summary>
/// Dates a request may state (requestDate, registeredOn, declaredOn, filedOn): never in the future; only staff and
/// admin may backdate them by more than the policy's allowance (API.md).
/// </summary>
public sealed class RequestDates(TimeProvider clock)
{
    private const int BackdateMaxDays = 7;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public DateOnly Resolve(DateOnly? given, string field, Caller caller, List<Violation> violations)
    {
        var today = Today;
        var date = given ?? today;
        if (date > today)
        {
            violations.Add(new Violation("date_out_of_range", field, $"'{field}' may not be in the future."));
        }
        else if (!caller.IsStaff && date < today.AddDays(-BackdateMaxDays))
        {
            violations.Add(new Violation("date_out_of_range", field,
                $"'{field}' may be at most {BackdateMaxDays} days in the past for this role."));
        }

        return date;
    }
}
