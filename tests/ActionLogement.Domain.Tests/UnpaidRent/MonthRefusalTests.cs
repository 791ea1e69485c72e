using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.UnpaidRent;

/// <summary>A month refused is explained with the date or figure that decided it, not by its code alone.</summary>
public sealed class MonthRefusalTests
{
    [Fact]
    public void A_late_month_says_by_when_it_was_due_to_be_declared() =>
        Assert.Contains("by 2025-12-01",
            MonthRefusals.Explain(new MonthOutcome(M("2025-11"), 0m, RuleCodes.MonthDeclaredLate), Terms(), V2023), StringComparison.Ordinal);

    [Fact]
    public void A_month_not_due_yet_says_when_it_will_be() =>
        Assert.Contains("due on 2026-01-01",
            MonthRefusals.Explain(new MonthOutcome(M("2026-01"), 0m, RuleCodes.MonthNotDueYet), Terms(), V2023), StringComparison.Ordinal);

    [Fact]
    public void Months_outside_the_lease_name_its_effect_or_the_move_out()
    {
        var terms = Terms(effectiveOn: "2025-07-01", exitDate: "2026-02-14");
        Assert.Contains("2025-07-01", MonthRefusals.Explain(new MonthOutcome(M("2025-06"), 0m, RuleCodes.BeforeEffect), terms, V2023),
            StringComparison.Ordinal);
        Assert.Contains("2026-02-14", MonthRefusals.Explain(new MonthOutcome(M("2026-03"), 0m, RuleCodes.AfterExit), terms, V2023),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_month_past_the_cap_names_how_many_instalments_the_contract_had() =>
        Assert.Contains("9 instalments",
            MonthRefusals.Explain(new MonthOutcome(M("2026-05"), 0m, RuleCodes.InstalmentCapReached), Terms(Park.Social), V2023),
            StringComparison.Ordinal);
}
