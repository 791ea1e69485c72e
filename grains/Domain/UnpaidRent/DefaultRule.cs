namespace ActionLogement.Domain;

/// <summary>When the tenant is "in default" (domain-rules.md §5).</summary>
public static class DefaultRule
{
    /// <summary>
    /// A month whose unpaid part is no more than the contract's monthly charges is "charges only" (a tenant's payment
    /// goes to the rent first): unpaid charges alone never constitute a default, though with unpaid rent they count
    /// towards the cumulative test, whose threshold is a month of rent and charges.
    /// </summary>
    public static bool IsChargesOnly(ClaimMonth month, ContractTerms terms) => IsChargesOnly(month.Unpaid, terms);

    /// <summary>
    /// Constituted by N wholly unpaid months (consecutive or not) or by a cumulative unpaid of one month's rent+charges,
    /// of this lease: a month declared before its effect or after the move-out is recorded, refused, and counts for nothing.
    /// Nor does a month declared past its deadline (<c>month_declared_late</c>): refused for itself, it cannot make the
    /// guarantor pay the others.
    /// </summary>
    public static bool IsConstituted(IEnumerable<ClaimMonth> months, ContractTerms terms, Policy policy) =>
        ConstitutedIn(months, terms, policy) is not null;

    /// <summary>The month whose term constituted the default, of a claim's recorded months (those declared late left out).</summary>
    public static YearMonth? ConstitutedIn(IEnumerable<ClaimMonth> months, ContractTerms terms, Policy policy) =>
        ConstitutedIn(months.Where(m => !m.DeclaredLate).Select(m => UnpaidTerm.Of(m.Month, m.Unpaid, m.PaidByTenant, m.HousingBenefit)), terms, policy);

    /// <summary>
    /// The month whose term constituted the default: taken in calendar order, the first at which the months so far meet
    /// either test of <see cref="IsConstituted"/>; null when they never do.
    /// </summary>
    public static YearMonth? ConstitutedIn(IEnumerable<UnpaidTerm> months, ContractTerms terms, Policy policy)
    {
        var threshold = Money.Round(policy.DefaultCumulativeRentMonths * terms.Cover.MonthlyRentAndCharges);
        var wholly = 0;
        var cumulative = 0m;
        var rentUnpaid = false;
        foreach (var m in months.Where(m => m.Unpaid > 0 && MonthRules.OutsideLease(m.Month, terms) is null).OrderBy(m => m.Month))
        {
            var chargesOnly = IsChargesOnly(m.Unpaid, terms);
            rentUnpaid |= !chargesOnly;
            wholly += m.WhollyUnpaid && !chargesOnly ? 1 : 0;
            cumulative += m.Unpaid;
            if (rentUnpaid && (wholly >= policy.DefaultWhollyUnpaidMonths || cumulative >= threshold))
            {
                return m.Month;
            }
        }

        return null;
    }

    private static bool IsChargesOnly(decimal unpaid, ContractTerms terms) => unpaid > 0 && unpaid <= terms.MonthlyCharges;
}

/// <summary>A month's unpaid amount, and whether nothing of it was paid (by the tenant or by housing benefit).</summary>
public readonly record struct UnpaidTerm(YearMonth Month, decimal Unpaid, bool WhollyUnpaid)
{
    /// <summary>A month as declared or recorded: wholly unpaid when neither the tenant nor housing benefit paid any of it.</summary>
    public static UnpaidTerm Of(YearMonth month, decimal unpaid, decimal paidByTenant, decimal housingBenefit) =>
        new(month, unpaid, paidByTenant == 0 && housingBenefit == 0);
}
