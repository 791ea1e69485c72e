namespace ActionLogement.Domain;

/// <summary>
/// Applies a landlord's unpaid-rent declaration to a claim (domain-rules.md §5). Pure: the caller stores the new
/// claim and creates the payouts. A month re-declared with the same figures is left as it is, so re-sending a
/// declaration (with or without the same idempotency key) never pays twice and never undoes a tenant repayment.
/// </summary>
public static class UnpaidRentCalculator
{
    /// <param name="accepted">
    /// The declaration was accepted when it was recorded, and is replayed to rebuild a stored claim: the whole-declaration
    /// refusals (its dates, the default its letter answers for) are not judged again, since the rules may have changed
    /// since and a claim must not lose a declaration it paid. Its months are, by today's rules.
    /// </param>
    public static DeclarationOutcome Apply(ContractTerms terms, RentClaim claim, UnpaidRentDeclaration declaration, Policy policy,
        bool accepted = false)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(policy);
        var violations = accepted ? [] : DeclarationChecks.Check(terms, claim, declaration, policy);
        if (violations.Count > 0)
        {
            return new DeclarationOutcome(claim, [], [], violations);
        }

        var months = claim.Months.ToBuilder();
        var toEvaluate = new SortedSet<YearMonth>();
        var reported = new SortedDictionary<YearMonth, string?>();
        foreach (var d in declaration.Months)
        {
            // A month not yet due cannot be unpaid: refused and not recorded, so it can be declared again once due.
            if (MonthRules.DueDate(d.Month, policy) > declaration.DeclaredOn)
            {
                reported[d.Month] = RuleCodes.MonthNotDueYet;
                continue;
            }

            reported[d.Month] = null;
            var isKnown = months.TryGetValue(d.Month, out var known);
            if (isKnown && known.SameFigures(d))
            {
                continue;
            }

            // A month already unpaid whose unpaid amount is raised past its deadline keeps what was declared in time: the
            // raise is refused (otherwise 0.01 declared in time and the whole rent months later would slip past it).
            if (isKnown && known.Unpaid > 0 && d.Unpaid > known.Unpaid && MonthRules.IsLateRaise(d.Month, declaration.DeclaredOn, claim.OpenedOn, policy))
            {
                reported[d.Month] = RuleCodes.MonthDeclaredLate;
                continue;
            }

            // A month first recorded as paid becomes newly unpaid when corrected: it is judged on its deadline then, as
            // if declared for the first time (otherwise "paid" now, "unpaid" later would slip past the deadline).
            months.Set(!isKnown
                ? new ClaimMonth(d.Month, d.Due, d.PaidByTenant, d.HousingBenefit, d.Unpaid, 0, 0, 0, null, declaration.DeclaredOn,
                    MonthRules.IsLate(d.Month, declaration, claim.Opened, policy), false)
                : known with
                {
                    Due = d.Due,
                    PaidByTenant = d.PaidByTenant,
                    HousingBenefit = d.HousingBenefit,
                    Unpaid = d.Unpaid,
                    DeclaredLate = known.DeclaredLate
                        || (known.Unpaid == 0 && d.Unpaid > 0 && MonthRules.IsLate(d.Month, declaration, claim.Opened, policy)),
                });
            toEvaluate.Add(d.Month);
        }

        // The default is judged on the months as they now stand, so that the same figures pay the same whatever the order
        // they were declared in. The declaration that constitutes it also pays the months that were waiting for it; a
        // correction that leaves no default takes back what was paid (owed back by the landlord, or cancelled while the
        // payout is pending). A tenant's payment after a payout is a repayment, which leaves the default as it was.
        var constituted = DefaultRule.IsConstituted(months, terms, policy);
        if (!constituted && claim.DefaultConstituted)
        {
            toEvaluate.UnionWith(months.Where(m => m.Net > 0).Select(m => m.Month));
        }

        if (constituted && !claim.DefaultConstituted)
        {
            // A claim opened before its default is judged, once the default is constituted, as its opening would have
            // been: a default its stated date does not believe refuses the declaration that constitutes it (otherwise an
            // opening of token arrears, raised soon after, would hide a default months older than the letter).
            if (!accepted && claim.Opened && DeclarationChecks.LetterLateFor(claim, months, terms, policy) is { } late)
            {
                return new DeclarationOutcome(claim, [], [], [late]);
            }

            toEvaluate.UnionWith(months.Where(m => m.AwaitsDefault).Select(m => m.Month));
        }

        var ledger = new Ledger(claim.InstalmentsUsed, claim.TotalCovered, claim.RefundOwed, terms.Cover.MaxInstalments);
        foreach (var month in toEvaluate)
        {
            months.Set(ledger.Settle(months[month], terms, constituted));
            reported.TryAdd(month, null);
        }

        var outcomes = reported
            .Select(r => r.Value is null && months.TryGetValue(r.Key, out var m) ? new MonthOutcome(r.Key, m.Net, m.Code) : new MonthOutcome(r.Key, 0, r.Value))
            .ToList();
        var updated = claim with
        {
            Opened = true,
            OpenedOn = claim.OpenedOn ?? declaration.DeclaredOn,
            DefaultDate = claim.Opened ? claim.DefaultDate : declaration.DefaultDate,
            ReminderDate = claim.Opened ? claim.ReminderDate : declaration.ReminderDate,
            DemandLetterDate = claim.Opened ? claim.DemandLetterDate : declaration.DemandLetterDate,
            Months = months.ToImmutable(),
            InstalmentsUsed = ledger.InstalmentsUsed,
            DefaultConstituted = constituted,
            TotalCovered = ledger.TotalCovered,
            RefundOwed = ledger.RefundOwed,
        };
        return new DeclarationOutcome(updated == claim ? claim : updated, outcomes, ledger.Payouts, []);
    }

    /// <summary>
    /// A move-out recorded after months were paid: a month after it was no rent of the lease (<c>after_exit</c>), so what
    /// the guarantor paid for it is owed back by the landlord, as for a downward correction. Nor does it count towards
    /// the default: if the months left no longer constitute one, what was paid for them is owed back too.
    /// </summary>
    public static RentClaim ApplyExit(ContractTerms terms, RentClaim claim, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(policy);
        var constituted = claim.DefaultConstituted && DefaultRule.IsConstituted(claim.Months, terms, policy);
        var ledger = new Ledger(claim.InstalmentsUsed, claim.TotalCovered, claim.RefundOwed, terms.Cover.MaxInstalments);
        var months = claim.Months.ToBuilder();
        foreach (var month in claim.Months.Where(m => (MonthRules.OutsideLease(m.Month, terms) == RuleCodes.AfterExit && m.Code != RuleCodes.AfterExit)
            || (constituted != claim.DefaultConstituted && m.Net > 0)))
        {
            months.Set(ledger.Settle(month, terms, constituted));
        }

        var updated = claim with { Months = months.ToImmutable(), RefundOwed = ledger.RefundOwed, DefaultConstituted = constituted };
        return updated == claim ? claim : updated;
    }

    /// <summary>
    /// The tenant paid the landlord for a month the guarantor already covered: the surplus is owed back (no double
    /// gain), that is all of it unless the month's unpaid amount was above the cover, when the landlord first keeps
    /// what the guarantor did not pay. Bounded by what the guarantor still bears for the month; more is refused and the
    /// claim is unchanged.
    /// </summary>
    public static RentClaim ApplyTenantRepayment(RentClaim claim, YearMonth month, decimal amount, out IReadOnlyList<RuleViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(claim);
        amount = Money.Round(amount);
        if (amount <= 0)
        {
            violations = [new(RuleCodes.InvalidAmount, "amount", "A repayment must be positive.")];
            return claim;
        }

        // What the tenant still owed the landlord for a month the guarantor covered: on a month above the cover, more
        // than the guarantor paid (the surplus alone is owed back).
        if (!claim.Months.TryGetValue(month, out var m) || m.Net <= 0 || amount > m.Unpaid - m.Repaid)
        {
            violations = [new(RuleCodes.RepaymentAboveCovered, "amount", m.Net <= 0
                ? $"The guarantor covers nothing for {month}."
                : $"The tenant owed {m.Unpaid - m.Repaid:0.00} for {month} after the guarantor paid.")];
            return claim;
        }

        violations = [];
        var repaid = m with { Repaid = m.Repaid + amount };
        var surplus = m.Net - ClaimMonth.LessRepaid(m.Net, repaid);
        return claim with
        {
            Months = claim.Months.SetItem(repaid with { Refunded = m.Refunded + surplus }),
            RefundOwed = claim.RefundOwed + surplus,
        };
    }
}
