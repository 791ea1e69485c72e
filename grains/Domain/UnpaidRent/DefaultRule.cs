namespace ActionLogement.Domain;

/// <summary>When the tenant is "in default" (domain-rules.md §5).</summary>
public static class DefaultRule
{
    /// <summary>
    /// A month whose unpaid part is no more than the contract's monthly charges is "charges only": unpaid charges
    /// alone never constitute a default, so such a month counts toward neither test below.
    /// </summary>
    public static bool IsChargesOnly(ClaimMonth month, ContractTerms terms) => month.Unpaid > 0 && month.Unpaid <= terms.MonthlyCharges;

    /// <summary>
    /// Constituted by N wholly unpaid months (consecutive or not) or by a cumulative unpaid of one month's rent+charges,
    /// of this lease: a month declared before its effect or after the move-out is recorded, refused, and counts for nothing.
    /// </summary>
    public static bool IsConstituted(IEnumerable<ClaimMonth> months, ContractTerms terms, Policy policy)
    {
        var counted = months.Where(m => m.Unpaid > 0 && !IsChargesOnly(m, terms) && MonthRules.OutsideLease(m.Month, terms) is null).ToList();
        var wholly = counted.Count(m => m.PaidByTenant == 0 && m.HousingBenefit == 0);
        var threshold = Money.Round(policy.DefaultCumulativeRentMonths * terms.Cover.MonthlyRentAndCharges);
        return wholly >= policy.DefaultWhollyUnpaidMonths || counted.Sum(m => m.Unpaid) >= threshold;
    }
}
