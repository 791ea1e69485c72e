namespace ActionLogement.Domain;

/// <summary>
/// One month of the landlord's ledger as last declared, and what the guarantor did about it.
/// <see cref="Covered"/> is everything paid out for the month; <see cref="Refunded"/> what the landlord owes back
/// for it (downward corrections, months taken back by a move-out, and the surplus of tenant repayments);
/// <see cref="Repaid"/> what the tenant paid the landlord after a payout; <see cref="Net"/> what the guarantor finally
/// bears.
/// A value, not an object: a claim keeps its months in one array (see <see cref="ClaimMonths"/>).
/// </summary>
public readonly record struct ClaimMonth(
    YearMonth Month,
    decimal Due,
    decimal PaidByTenant,
    decimal HousingBenefit,
    decimal Unpaid,
    decimal Covered,
    decimal Refunded,
    decimal Repaid,
    string? Code,
    DateOnly FirstDeclaredOn,
    bool DeclaredLate,
    bool ConsumesInstalment)
{
    public decimal Net => Covered - Refunded;

    /// <summary>
    /// What the guarantor bears for the month, out of <paramref name="target"/> (its cover by the rules): never more
    /// than the unpaid amount less what the tenant repaid the landlord after a payout. A declaration's figures are the
    /// month as it stood when the guarantor paid; the repayments stay counted whatever the month is corrected to, or a
    /// correction could pay the landlord twice for the same rent.
    /// </summary>
    public static decimal LessRepaid(decimal target, ClaimMonth month) => Math.Min(target, Math.Max(0, month.Unpaid - month.Repaid));

    public bool SameFigures(MonthDeclaration d) => Due == d.Due && PaidByTenant == d.PaidByTenant && HousingBenefit == d.HousingBenefit;

    /// <summary>Recorded but waiting for a default to be constituted; paid by the declaration that constitutes it.</summary>
    public bool AwaitsDefault => Code is RuleCodes.NoDefaultYet or RuleCodes.ChargesOnly;
}
