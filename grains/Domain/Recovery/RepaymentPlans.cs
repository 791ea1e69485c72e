namespace ActionLogement.Domain;

/// <summary>
/// Where a Banque de France file stands, for a plan: the commission's measure not decided yet, or enforcement suspended
/// until a day (a measure recorded before that day was kept has none).
/// </summary>
public sealed record OverIndebtednessStage(bool AwaitingMeasure, DateOnly? SuspendedUntil);

/// <summary>Repayment plans of a recovery case (domain-rules.md §7).</summary>
public static class RepaymentPlans
{
    /// <param name="courtDelayMonths">In litigation, the delay the judge granted, when recorded: the plan runs no longer.</param>
    /// <param name="file">In over-indebtedness, where the file stands.</param>
    public static IReadOnlyList<RuleViolation> Validate(decimal debt, PlanRequest request, RecoveryState state, Policy policy, DateOnly today,
        int? courtDelayMonths = null, OverIndebtednessStage? file = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        var violations = new List<RuleViolation>();
        if (state is RecoveryState.ClosedPaid or RecoveryState.ClosedWrittenOff)
        {
            violations.Add(new(RuleCodes.PlanNotAllowedInState, null, $"No plan in state {ApiSpelling<RecoveryState>.Of(state)}."));
            return violations;
        }

        // While the commission has not decided, and while enforcement is suspended, the tenant is not to repay: the plan
        // of an over-indebtedness file is the one the commission orders (a rescheduling), or one that starts once the
        // suspension ends.
        if (state == RecoveryState.OverIndebtedness && file is { AwaitingMeasure: true })
        {
            violations.Add(new(RuleCodes.PlanNotAllowedInState, null,
                "The Banque de France commission has not decided on the file yet: its plan is recorded once its measure is."));
            return violations;
        }

        if (state == RecoveryState.OverIndebtedness && file?.SuspendedUntil is { } until && request.FirstDueDate < until)
        {
            violations.Add(new(RuleCodes.PlanNotAllowedInState, "firstDueDate",
                $"Enforcement is suspended until {until:yyyy-MM-dd}: a plan's first instalment falls on that day or after."));
            return violations;
        }

        if (debt <= 0)
        {
            violations.Add(new(RuleCodes.NoDebt, null, "There is no debt to repay."));
            return violations;
        }

        if (RequestDates.CheckPlanned(request.FirstDueDate, today, "firstDueDate") is { } badDate)
        {
            violations.Add(badDate);
            return violations;
        }

        if (request.MonthlyAmount <= 0 || request.Instalments < 1 || request.TenantMonthlyResources < 0)
        {
            violations.Add(new(RuleCodes.InvalidAmount, "monthlyAmount", "The monthly amount and the number of instalments must be positive."));
            return violations;
        }

        var max = MaxMonths(state, policy);
        var granted = state == RecoveryState.Litigation && courtDelayMonths < max ? courtDelayMonths : null;
        if (request.Instalments > (granted ?? max))
        {
            violations.Add(new(RuleCodes.PlanTooLong, "instalments", granted is { } judge
                ? $"The judge granted {judge} months of delays: the plan lasts at most that."
                : $"A plan in state {ApiSpelling<RecoveryState>.Of(state)} lasts at most {max} months."));
        }

        // The capacity test is for amicable plans: in litigation the judge, in over-indebtedness the Banque de France
        // commission, sets the amount, and the guarantor records it.
        if (state is RecoveryState.Amicable or RecoveryState.PlanActive or RecoveryState.PlanDefaulted
            && request.MonthlyAmount > Money.Round(policy.PlanCapacityShare * request.TenantMonthlyResources))
        {
            violations.Add(new(RuleCodes.PlanAboveCapacity, "monthlyAmount",
                $"The instalment may take at most {policy.PlanCapacityShare:P0} of the tenant's monthly resources."));
        }

        if (request.MonthlyAmount * request.Instalments < debt)
        {
            violations.Add(new(RuleCodes.PlanDoesNotRepayDebt, "instalments", $"{request.Instalments} x {request.MonthlyAmount:0.00} does not repay {debt:0.00}."));
        }
        else if (request.MonthlyAmount * (request.Instalments - 1) >= debt)
        {
            violations.Add(new(RuleCodes.PlanExceedsDebt, "instalments", $"The debt is repaid before instalment {request.Instalments}."));
        }

        return violations;
    }

    public static int MaxMonths(RecoveryState state, Policy policy) => state switch
    {
        RecoveryState.Litigation => policy.CourtDelayMaxMonths,
        RecoveryState.OverIndebtedness => policy.RescheduledPlanMaxMonths,
        _ => policy.MaxAmicablePlanMonths,
    };

    /// <summary>
    /// Monthly dues from the first due date (each counted from the first, so 31 January gives 28 February then
    /// 31 March). Every instalment is the monthly amount but the last, which takes what remains, so the schedule
    /// sums exactly to the debt; instalments the debt does not reach are left out.
    /// </summary>
    public static IReadOnlyList<PlanInstalment> Schedule(decimal debt, PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var schedule = new List<PlanInstalment>();
        var remaining = Money.Round(debt);
        var monthly = Money.Round(request.MonthlyAmount);
        for (var i = 1; i <= request.Instalments && remaining > 0; i++)
        {
            var amount = i == request.Instalments || monthly <= 0 ? remaining : Math.Min(monthly, remaining);
            schedule.Add(new PlanInstalment(i, request.FirstDueDate.AddMonths(i - 1), amount));
            remaining -= amount;
        }

        return schedule;
    }

    /// <summary>
    /// What the plan repays in all: the debt when it was set, or less once the debt fell below what the plan still
    /// asks for (a refund the landlord owes back took part of it off the tenant), so that the schedule never asks the
    /// tenant for more than is owed. A debt that grows is not added: a plan is what the tenant agreed to, and staff
    /// set a new one for the rest.
    /// </summary>
    public static decimal Total(decimal debtWhenSet, decimal paidSinceSet, decimal debtNow) =>
        Math.Min(debtWhenSet, paidSinceSet + debtNow);

    /// <summary>
    /// Instalments due before <paramref name="asOf"/> whose cumulative dues the payments since the plan started do
    /// not cover. Payments are applied to the oldest dues first; an instalment due on <paramref name="asOf"/> is not
    /// missed yet, nor one due before the plan was recorded (<paramref name="agreedOn"/>): a plan recorded after its
    /// first due dates (agreed earlier) has not been missed before anyone could pay it.
    /// </summary>
    public static int CountMissed(IReadOnlyList<PlanInstalment> schedule, decimal paidSincePlanStart, DateOnly asOf, DateOnly? agreedOn = null) =>
        Uncovered(schedule, paidSincePlanStart).Count(i => i.DueDate < asOf && (agreedOn is not { } agreed || i.DueDate >= agreed));

    /// <summary>The due date of the first instalment the payments since the plan started do not cover; none once repaid.</summary>
    public static DateOnly? NextDue(IReadOnlyList<PlanInstalment> schedule, decimal paidSincePlanStart) =>
        Uncovered(schedule, paidSincePlanStart).FirstOrDefault()?.DueDate;

    /// <summary>The instalments, in due order, whose cumulative dues the payments (applied to the oldest first) do not cover.</summary>
    private static IEnumerable<PlanInstalment> Uncovered(IReadOnlyList<PlanInstalment> schedule, decimal paidSincePlanStart)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var cumulative = 0m;
        foreach (var instalment in schedule.OrderBy(i => i.DueDate))
        {
            cumulative += instalment.Amount;
            if (paidSincePlanStart < cumulative)
            {
                yield return instalment;
            }
        }
    }
}
