namespace ActionLogement.Domain;

/// <summary>Why a declared month was not covered, said so that the landlord knows what to do (the code alone does not).</summary>
public static class MonthRefusals
{
    public static string Explain(MonthOutcome m, ContractTerms terms, Policy p) => m.Code switch
    {
        RuleCodes.MonthNotDueYet => $"{m.Month}: its rent is not due yet (due on {MonthRules.DueDate(m.Month, p):yyyy-MM-dd}); declare it once it is.",
        RuleCodes.MonthDeclaredLate => $"{m.Month}: declared too late. A month is declared at most {p.MonthDeclarationMaxDaysAfterDue} days "
            + $"after it is due (this one by {MonthRules.DueDate(m.Month, p).AddDays(p.MonthDeclarationMaxDaysAfterDue):yyyy-MM-dd}); "
            + $"in the declaration that opens a claim, one due at most {p.OpeningMonthMaxAgeMonths} months before the default.",
        RuleCodes.BeforeEffect => $"{m.Month}: before the lease took effect ({terms.EffectiveOn:yyyy-MM-dd}).",
        RuleCodes.AfterExit when terms.ExitDate is { } exit => $"{m.Month}: after the tenant moved out ({exit:yyyy-MM-dd}).",
        RuleCodes.OutsideCoverPeriod when terms.Cover.LastCoveredMonth is { } last =>
            $"{m.Month}: after the last month this contract covers ({last}).",
        RuleCodes.InstalmentCapReached => $"{m.Month}: the contract's {terms.Cover.MaxInstalments} instalments are all used.",
        _ => $"{m.Month}: {m.Code}.",
    };
}
