using static ActionLogement.Domain.Tests.Samples;

namespace ActionLogement.Domain.Tests.Recovery;

public sealed class MissedInstalmentTests
{
    private static readonly IReadOnlyList<PlanInstalment> Schedule = RepaymentPlans.Schedule(1000m, new PlanRequest(250m, D("2026-02-05"), 4, 1400m));

    [Fact]
    public void An_instalment_due_today_is_not_missed_yet() => Assert.Equal(0, RepaymentPlans.CountMissed(Schedule, 0m, D("2026-02-05")));

    [Fact]
    public void An_unpaid_instalment_is_missed_the_day_after_its_due_date() => Assert.Equal(1, RepaymentPlans.CountMissed(Schedule, 0m, D("2026-02-06")));

    [Fact]
    public void Two_unpaid_instalments_count_as_two() => Assert.Equal(2, RepaymentPlans.CountMissed(Schedule, 0m, D("2026-03-06")));

    [Fact]
    public void A_partial_payment_leaves_the_instalment_missed() => Assert.Equal(2, RepaymentPlans.CountMissed(Schedule, 249.99m, D("2026-03-06")));

    [Fact]
    public void Payments_cover_the_oldest_instalments_first() => Assert.Equal(1, RepaymentPlans.CountMissed(Schedule, 250m, D("2026-03-06")));

    [Fact]
    public void Paying_ahead_leaves_nothing_missed() => Assert.Equal(0, RepaymentPlans.CountMissed(Schedule, 500m, D("2026-03-06")));

    [Fact]
    public void Two_missed_instalments_is_the_default_threshold() => Assert.Equal(2, V2026.MissedInstalmentsForDefault);
}
