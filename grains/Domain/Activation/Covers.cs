namespace ActionLogement.Domain;

public static class Covers
{
    /// <summary>
    /// The cover a lease gets under <paramref name="policy"/>. The effect month counts as the first covered month, so
    /// a 36-month cover period ends with the month 35 months after it.
    /// </summary>
    public static Cover For(Lease lease, Policy policy)
    {
        var damage = lease.Park is Park.Private or Park.PrivateMobility
            ? Money.Round(policy.DamageCapMonths * lease.RentAndCharges)
            : (decimal?)null;
        var last = policy.CoverPeriodMonths is { } months ? YearMonth.From(lease.EffectiveOn).AddMonths(months - 1) : (YearMonth?)null;
        return new Cover(policy.Version, policy.MaxInstalmentsFor(lease.Park), damage, lease.RentAndCharges, last);
    }
}
