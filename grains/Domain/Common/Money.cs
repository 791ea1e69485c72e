namespace ActionLogement.Domain;

public static class Money
{
    /// <summary>
    /// The one rounding rule of the engine: to the cent, halves away from zero (0.005 -> 0.01), as a French
    /// accountant would. Every computed amount goes through here, so payouts, caps and debts always agree.
    /// </summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// A ceiling computed from a rate, to the cent below: rounded up, a rent at the ceiling would take more than the
    /// rate allows (50 % of 1,001.01 is 500.505, and 500.51 is over half).
    /// </summary>
    public static decimal Ceiling(decimal limit) => Math.Round(limit, 2, MidpointRounding.ToZero);
}
