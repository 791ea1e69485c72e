namespace ActionLogement.Grains;

/// <summary>
/// The clock business rules read (due dates, payout dates, reservations). It is not the silo's TimeProvider: Orleans
/// runs membership and timers on that one, and tests must be able to move business time without confusing them.
/// </summary>
public sealed class BusinessClock(TimeProvider time)
{
    public static readonly BusinessClock System = new(TimeProvider.System);

    public DateTimeOffset Now => time.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
