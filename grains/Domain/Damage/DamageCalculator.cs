namespace ActionLogement.Domain;

/// <summary>Rental damage cover (domain-rules.md §6).</summary>
public static class DamageCalculator
{
    // Fractional years of occupancy; the quarter day keeps leap years from shifting a whole year of wear.
    private const decimal DaysPerYear = 365.25m;

    public static DamageOutcome Assess(ContractTerms terms, DamageClaimRequest request, Policy policy, bool alreadyClaimed)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        var violations = Check(terms, request, policy, alreadyClaimed);
        if (violations.Count > 0)
        {
            return new DamageOutcome(0, violations);
        }

        var afterWear = AfterWear(terms, request, policy);
        var covered = Math.Min(Math.Max(0, afterWear - request.DepositKept), Cap(terms, policy));
        return new DamageOutcome(Money.Round(covered), [], request.RepairCost - afterWear);
    }

    /// <summary>The repair cost less the wear (<see cref="WearRate"/>), to the cent.</summary>
    public static decimal AfterWear(ContractTerms terms, DamageClaimRequest request, Policy policy) =>
        Money.Round(request.RepairCost * (1 - WearRate(terms, request, policy)));

    /// <summary>The cap fixed at activation; recomputed from the policy only for a cover that predates the field.</summary>
    public static decimal Cap(ContractTerms terms, Policy policy) =>
        terms.Cover.DamageCap ?? Money.Round(policy.DamageCapMonths * terms.Cover.MonthlyRentAndCharges);

    /// <summary>
    /// The policy's wear over the occupancy, from the move-in inventory (or the lease's effect, if earlier: the tenant
    /// lived there from then) to the move-out (the exit recorded, else the one claimed). Not to the move-out inventory's
    /// date: the claimant chooses that date, and one dated near the move-in would erase the wear. A stated rate (a
    /// lease's own wear grid) applies when it deducts more, never less (the claimant does not choose to be covered for
    /// ordinary wear), and never beyond the cap.
    /// </summary>
    public static decimal WearRate(ContractTerms terms, DamageClaimRequest request, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        var movedIn = request.InventoryInDate < terms.EffectiveOn ? request.InventoryInDate : terms.EffectiveOn;
        var movedOut = terms.ExitDate ?? request.ExitDate;
        var years = (movedOut.DayNumber - movedIn.DayNumber) / DaysPerYear;
        var byPolicy = Math.Min(policy.MaxWearRate, Math.Max(0, policy.WearRatePerYear * years));
        return request.WearRate is { } stated ? Math.Min(policy.MaxWearRate, Math.Max(stated, byPolicy)) : byPolicy;
    }

    private static List<RuleViolation> Check(ContractTerms terms, DamageClaimRequest r, Policy p, bool alreadyClaimed)
    {
        var violations = new List<RuleViolation>();
        if (terms.Park is not (Park.Private or Park.PrivateMobility))
        {
            violations.Add(new(RuleCodes.DamageNotCoveredForPark, null, $"{ApiSpelling<Park>.Of(terms.Park)} contracts have no damage cover."));
        }

        if (alreadyClaimed)
        {
            violations.Add(new(RuleCodes.DamageAlreadyClaimed, null, "One damage claim per contract."));
        }

        // The move-out already recorded is the one the deadline runs from, whatever the claim states.
        var exit = terms.ExitDate ?? r.ExitDate;
        if (terms.ExitDate is { } recorded && r.ExitDate != recorded)
        {
            violations.Add(new(RuleCodes.DateOutOfRange, "exitDate", $"The move-out was recorded on {recorded:yyyy-MM-dd}."));
        }

        if (r.FiledOn > exit.AddDays(p.DamageClaimDeadlineDays))
        {
            violations.Add(new(RuleCodes.DamageClaimLate, "filedOn", $"A damage claim is filed at most {p.DamageClaimDeadlineDays} days after the exit."));
        }

        if (r.FiledOn < exit || r.InventoryOutDate < r.InventoryInDate)
        {
            violations.Add(new(RuleCodes.DateOutOfRange, "inventoryOutDate", "Inventories run in then out, and the claim follows the exit."));
        }
        else if (r.InventoryOutDate > r.FiledOn)
        {
            // The claim is filed with the move-out inventory: one still to come is not evidence of anything.
            violations.Add(new(RuleCodes.DateOutOfRange, "inventoryOutDate", "The move-out inventory cannot be dated after the claim."));
        }

        if (r.RepairCost < 0 || r.DepositKept < 0 || r.WearRate is < 0 or > 1)
        {
            violations.Add(new(RuleCodes.InvalidAmount, "repairCost", "Amounts cannot be negative and the wear rate is between 0 and 1."));
        }
        else if (r.DepositKept > terms.Deposit)
        {
            // More than the lease's deposit cannot have been kept from it: a typing error, which would only lower the cover.
            violations.Add(new(RuleCodes.InvalidAmount, "depositKept", $"The lease's deposit is {terms.Deposit:0.00}: no more of it can be kept."));
        }

        return violations;
    }
}
