namespace ActionLogement.Domain.Tests.Recovery;

public sealed class RecoveryTransitionTests
{
    [Theory]
    [InlineData(RecoveryState.Amicable, RecoveryState.PlanActive)]
    [InlineData(RecoveryState.Amicable, RecoveryState.OverIndebtedness)]
    [InlineData(RecoveryState.Amicable, RecoveryState.ClosedPaid)]
    [InlineData(RecoveryState.PlanActive, RecoveryState.PlanDefaulted)]
    [InlineData(RecoveryState.PlanActive, RecoveryState.OverIndebtedness)]
    [InlineData(RecoveryState.PlanActive, RecoveryState.ClosedPaid)]
    [InlineData(RecoveryState.PlanDefaulted, RecoveryState.PlanActive)]
    [InlineData(RecoveryState.PlanDefaulted, RecoveryState.Litigation)]
    [InlineData(RecoveryState.PlanDefaulted, RecoveryState.OverIndebtedness)]
    [InlineData(RecoveryState.PlanDefaulted, RecoveryState.ClosedWrittenOff)]
    [InlineData(RecoveryState.Litigation, RecoveryState.PlanActive)]
    [InlineData(RecoveryState.Litigation, RecoveryState.OverIndebtedness)]
    [InlineData(RecoveryState.Litigation, RecoveryState.ClosedWrittenOff)]
    [InlineData(RecoveryState.OverIndebtedness, RecoveryState.ClosedWrittenOff)]
    [InlineData(RecoveryState.OverIndebtedness, RecoveryState.ClosedPaid)]
    public void The_procedure_allows_this_step(RecoveryState from, RecoveryState to)
    {
        Assert.True(RecoveryTransitions.IsAllowed(from, to));
        Assert.Null(RecoveryTransitions.Check(from, to));
    }

    [Theory]
    [InlineData(RecoveryState.Amicable, RecoveryState.Litigation)]
    [InlineData(RecoveryState.Amicable, RecoveryState.ClosedWrittenOff)]
    [InlineData(RecoveryState.Amicable, RecoveryState.PlanDefaulted)]
    [InlineData(RecoveryState.PlanActive, RecoveryState.Litigation)]
    [InlineData(RecoveryState.PlanActive, RecoveryState.ClosedWrittenOff)]
    [InlineData(RecoveryState.OverIndebtedness, RecoveryState.Litigation)]
    [InlineData(RecoveryState.OverIndebtedness, RecoveryState.PlanActive)]
    [InlineData(RecoveryState.PlanActive, RecoveryState.PlanActive)]
    public void The_procedure_refuses_this_step(RecoveryState from, RecoveryState to) =>
        Assert.Equal(RuleCodes.TransitionNotAllowed, RecoveryTransitions.Check(from, to)?.Code);

    [Fact]
    public void A_refused_step_names_the_states_as_the_api_spells_them() =>
        Assert.Equal("A case cannot go from PLAN_ACTIVE to LITIGATION. From PLAN_ACTIVE it goes to PLAN_DEFAULTED, OVER_INDEBTEDNESS, CLOSED_PAID.",
            RecoveryTransitions.Check(RecoveryState.PlanActive, RecoveryState.Litigation)?.Message);

    [Theory]
    [InlineData(RecoveryState.ClosedPaid)]
    [InlineData(RecoveryState.ClosedWrittenOff)]
    public void Closed_states_are_final(RecoveryState closed)
    {
        Assert.True(RecoveryTransitions.IsClosed(closed));
        Assert.All(Enum.GetValues<RecoveryState>(), to => Assert.False(RecoveryTransitions.IsAllowed(closed, to)));
    }

    [Fact]
    public void Every_open_state_can_be_closed_as_paid() =>
        Assert.All(Enum.GetValues<RecoveryState>().Where(s => !RecoveryTransitions.IsClosed(s)),
            s => Assert.True(RecoveryTransitions.IsAllowed(s, RecoveryState.ClosedPaid)));
}
