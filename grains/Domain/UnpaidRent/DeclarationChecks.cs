namespace ActionLogement.Domain;

/// <summary>Whole-declaration refusals: when one applies, nothing of the declaration is recorded.</summary>
internal static class DeclarationChecks
{
    public static List<RuleViolation> Check(RentClaim claim, UnpaidRentDeclaration d, Policy p)
    {
        var violations = new List<RuleViolation>();
        if (d.Months.Count == 0)
        {
            violations.Add(new(RuleCodes.NoMonths, "months", "Declare at least one month."));
        }

        foreach (var group in d.Months.GroupBy(m => m.Month).Where(g => g.Count() > 1))
        {
            violations.Add(new(RuleCodes.DuplicateMonth, $"months[{group.Key}]", $"{group.Key} is declared twice."));
        }

        foreach (var m in d.Months.Where(m => m.Due < 0 || m.PaidByTenant < 0 || m.HousingBenefit < 0))
        {
            violations.Add(new(RuleCodes.InvalidAmount, $"months[{m.Month}]", $"{m.Month}: amounts cannot be negative."));
        }

        if (!claim.Opened)
        {
            violations.AddRange(Opening(d, p));
        }

        return violations;
    }

    // The pre-claim steps (reminder, then registered demand letter) are what make the guarantee callable: they are
    // judged once, on the declaration that opens the claim, and later declarations ignore the dates.
    private static IEnumerable<RuleViolation> Opening(UnpaidRentDeclaration d, Policy p)
    {
        if (d.DefaultDate is null)
        {
            yield return new(RuleCodes.DefaultDateMissing, "defaultDate", "The first declaration needs the default date.");
        }

        if (d.DemandLetterDate is null)
        {
            yield return new(RuleCodes.DemandLetterMissing, "demandLetterDate", "The first declaration needs the demand letter date.");
        }

        if (d.ReminderDate is null)
        {
            yield return new(RuleCodes.ReminderMissing, "reminderDate", "A reminder must be sent before the demand letter.");
        }

        if (d is not { DefaultDate: { } fault, DemandLetterDate: { } letter, ReminderDate: { } reminder })
        {
            yield break;
        }

        if (reminder > letter)
        {
            yield return new(RuleCodes.ReminderMissing, "reminderDate", "The reminder must come before the demand letter.");
        }

        if (letter < fault || letter > d.DeclaredOn || reminder > d.DeclaredOn)
        {
            yield return new(RuleCodes.DateOutOfRange, "demandLetterDate", "The demand letter follows the default and precedes the declaration.");
        }

        if (letter > fault.AddDays(p.DemandLetterMaxDaysAfterDefault))
        {
            yield return new(RuleCodes.DemandLetterLate, "demandLetterDate",
                $"The demand letter must be sent at most {p.DemandLetterMaxDaysAfterDefault} days after the default.");
        }

        if (d.DeclaredOn > letter.AddDays(p.ClaimOpenMaxDaysAfterLetter))
        {
            yield return new(RuleCodes.ClaimOpenedLate, "declaredOn",
                $"The claim must be opened at most {p.ClaimOpenMaxDaysAfterLetter} days after the demand letter.");
        }
    }
}
