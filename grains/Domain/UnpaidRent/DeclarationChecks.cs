namespace ActionLogement.Domain;

/// <summary>Whole-declaration refusals: when one applies, nothing of the declaration is recorded.</summary>
internal static class DeclarationChecks
{
    public static List<RuleViolation> Check(ContractTerms terms, RentClaim claim, UnpaidRentDeclaration d, Policy p)
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
            violations.AddRange(Opening(d, terms, p));
        }
        else if (claim.OpenedOn is { } opened && d.DeclaredOn < opened)
        {
            // The months' deadlines run from a claim that is open: a declaration dated before it would be judged as if.
            violations.Add(new(RuleCodes.DateOutOfRange, "declaredOn", $"The claim was opened on {opened:yyyy-MM-dd}: a declaration comes after it."));
        }

        return violations;
    }

    // The pre-claim steps (reminder, then registered demand letter) are what make the guarantee callable: they are
    // judged once, on the declaration that opens the claim, and later declarations ignore the dates.
    private static IEnumerable<RuleViolation> Opening(UnpaidRentDeclaration d, ContractTerms terms, Policy p)
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

        // A reminder, or a default, dated before any of the arrears declared was due reminded of nothing, or stated a default
        // that was not there. Only the months that count for this default: a month outside the lease, or too old to be part
        // of its run-up, cannot date it.
        var arrears = Counting(d, terms, p).Where(m => m.Unpaid > 0).Select(m => MonthRules.DueDate(m.Month, p)).ToList();
        DateOnly? firstDue = arrears.Count > 0 ? arrears.Min() : null;
        if (reminder < firstDue)
        {
            yield return new(RuleCodes.ReminderMissing, "reminderDate",
                $"The reminder must follow the unpaid rent: the first month declared unpaid was due on {firstDue:yyyy-MM-dd}.");
        }

        if (fault < firstDue)
        {
            yield return new(RuleCodes.DateOutOfRange, "defaultDate",
                $"The first month declared unpaid was due on {firstDue:yyyy-MM-dd}: a default cannot be stated before it.");
        }

        if (letter < fault || letter > d.DeclaredOn || reminder > d.DeclaredOn)
        {
            yield return new(RuleCodes.DateOutOfRange, "demandLetterDate", "The demand letter follows the default and precedes the declaration.");
        }

        if (LetterLate(fault, letter, ShownDefault(d, terms, p), p) is { } late)
        {
            yield return late;
        }

        if (d.DeclaredOn > letter.AddDays(p.ClaimOpenMaxDaysAfterLetter))
        {
            yield return new(RuleCodes.ClaimOpenedLate, "declaredOn",
                $"The claim must be opened at most {p.ClaimOpenMaxDaysAfterLetter} days after the demand letter.");
        }
    }

    /// <summary>
    /// The demand letter judged against the default: the stated date, believed within the term in which the months
    /// constitute the default (<paramref name="shown"/>) and the next, that term's due date otherwise.
    /// </summary>
    private static RuleViolation? LetterLate(DateOnly fault, DateOnly letter, YearMonth? shown, Policy p)
    {
        var judgedFrom = shown is { } month && fault >= MonthRules.DueDate(month.AddMonths(2), p) ? MonthRules.DueDate(month, p) : fault;
        return letter <= judgedFrom.AddDays(p.DemandLetterMaxDaysAfterDefault)
            ? null
            : new(RuleCodes.DemandLetterLate, "demandLetterDate", judgedFrom == fault
                ? $"The demand letter must be sent at most {p.DemandLetterMaxDaysAfterDefault} days after the default."
                : $"The months declared constitute the default with the rent due on {judgedFrom:yyyy-MM-dd}, not on {fault:yyyy-MM-dd}: "
                    + $"the demand letter must be sent at most {p.DemandLetterMaxDaysAfterDefault} days after it.");
    }

    /// <summary>
    /// The opening's letter judged against the default the claim's months now constitute (none: nothing to judge). A
    /// default stated before it is believed here: the claim was opened on arrears (charges, or too little to constitute a
    /// default) that the letter demanded, and its dates cannot be stated again.
    /// </summary>
    public static RuleViolation? LetterLateFor(RentClaim claim, IEnumerable<ClaimMonth> months, ContractTerms terms, Policy p) =>
        claim is { DefaultDate: { } fault, DemandLetterDate: { } letter }
            ? LetterLate(fault, letter, DefaultRule.ConstitutedIn(months, terms, p), p)
            : null;

    /// <summary>
    /// The month in whose term the months declared (those already due, and not too old to count) constitute the default. The default date is the
    /// landlord's statement, believed within that term and the next (a landlord may wait for the second missed rent); a
    /// date stated after them is not, and the deadlines run from that term's due date instead: otherwise arrears of
    /// years past could be claimed by stating a recent default.
    /// </summary>
    private static YearMonth? ShownDefault(UnpaidRentDeclaration d, ContractTerms terms, Policy p) =>
        DefaultRule.ConstitutedIn(Counting(d, terms, p).Select(m => UnpaidTerm.Of(m.Month, m.Unpaid, m.PaidByTenant, m.HousingBenefit)), terms, p);

    /// <summary>The opening's months that count for its default: already due, of the lease, and not too old to count.</summary>
    private static IEnumerable<MonthDeclaration> Counting(UnpaidRentDeclaration d, ContractTerms terms, Policy p) =>
        d.Months.Where(m => MonthRules.DueDate(m.Month, p) <= d.DeclaredOn && !MonthRules.IsLate(m.Month, d, false, p)
            && MonthRules.OutsideLease(m.Month, terms) is null);
}
