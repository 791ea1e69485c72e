namespace ActionLogement.Domain;

public static class Money
{
    /// <summary>
    /// The one rounding rule of the engine: to the cent, halves away from zero (0.005 -> 0.01), as a French
    /// accountant would. Every computed amount goes through here, so payouts, caps and debts always agree.
    /// </summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
