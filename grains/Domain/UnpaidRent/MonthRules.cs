namespace ActionLogement.Domain;

/// <summary>What one recorded month should be covered, in total, and why not if less than its unpaid amount.</summary>
internal static class MonthRules
{
    public static DateOnly DueDate(YearMonth month, Policy p) =>
        new(month.Year, month.Month, Math.Min(p.RentDueDay, DateTime.DaysInMonth(month.Year, month.Month)));

    /// <summary>
    /// A month declared once the claim is open is judged on its own deadline. The months of the opening declaration are
    /// in time when the opening itself is (demand letter and claim-opening deadlines), provided they belong to the
    /// default's run-up: due at most <see cref="Policy.OpeningMonthMaxAgeMonths"/> months before the stated default
    /// (which the opening's own deadlines keep within 45 days of it). An older one is late like any other: not covered,
    /// and not counted towards the default.
    /// </summary>
    public static bool IsLate(YearMonth month, UnpaidRentDeclaration d, bool claimWasOpen, Policy p) =>
        claimWasOpen
            ? PastOwnDeadline(month, d.DeclaredOn, p)
            : (d.DefaultDate ?? d.DeclaredOn) > DueDate(month, p).AddMonths(p.OpeningMonthMaxAgeMonths);

    /// <summary>
    /// A correction raising an unpaid amount already declared is in time within the month's own deadline, or within as
    /// many days of the claim's opening (a month of the opening can be corrected for a while after it, as a payment of
    /// the tenant's bounces); later, what was declared in time stands.
    /// </summary>
    public static bool IsLateRaise(YearMonth month, DateOnly declaredOn, DateOnly? openedOn, Policy p) =>
        PastOwnDeadline(month, declaredOn, p) && !(openedOn is { } opened && declaredOn <= opened.AddDays(p.MonthDeclarationMaxDaysAfterDue));

    private static bool PastOwnDeadline(YearMonth month, DateOnly declaredOn, Policy p) =>
        declaredOn > DueDate(month, p).AddDays(p.MonthDeclarationMaxDaysAfterDue);

    /// <summary>
    /// Why a month is no rent of this lease at all: before its effect, or after the move-out. Such a month is neither
    /// covered nor counted towards the default.
    /// </summary>
    public static string? OutsideLease(YearMonth month, ContractTerms terms) =>
        month < YearMonth.From(terms.EffectiveOn) ? RuleCodes.BeforeEffect
        : terms.ExitDate is { } exit && month > Cover.LastMonthOfRent(exit) ? RuleCodes.AfterExit
        : null;

    /// <summary>The rules in order; the first that refuses the month gives its code. Instalments are checked by the caller.</summary>
    public static (decimal Target, string? Code) Target(ClaimMonth m, ContractTerms terms, bool defaultConstituted)
    {
        var cap = terms.Cover.MonthlyRentAndCharges;
        if (OutsideLease(m.Month, terms) is { } outside)
        {
            return (0, outside);
        }

        if (terms.Cover.LastCoveredMonth is { } last && m.Month > last)
        {
            return (0, RuleCodes.OutsideCoverPeriod);
        }

        if (m.DeclaredLate)
        {
            return (0, RuleCodes.MonthDeclaredLate);
        }

        if (m.Unpaid == 0)
        {
            return (0, null);
        }

        if (!defaultConstituted)
        {
            return (0, DefaultRule.IsChargesOnly(m, terms) ? RuleCodes.ChargesOnly : RuleCodes.NoDefaultYet);
        }

        // The cover never exceeds the contract's rent+charges: a larger unpaid (rent raised without a new contract,
        // arrears of other debts) is paid up to the cap and flagged.
        return m.Unpaid > cap ? (cap, RuleCodes.AmountAboveRent) : (m.Unpaid, null);
    }
}
