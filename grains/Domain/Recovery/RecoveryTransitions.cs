namespace ActionLogement.Domain;

/// <summary>
/// The recovery state machine (domain-rules.md §7). Escalation follows the order of the procedure: litigation only
/// after a defaulted plan; over-indebtedness (a Banque de France file the tenant lodges) at any time before a closing;
/// a write-off only once amicable recovery has failed. Closed states are final, and a state never "moves" to itself.
/// </summary>
public static class RecoveryTransitions
{
    private static readonly ImmutableDictionary<RecoveryState, ImmutableHashSet<RecoveryState>> Allowed =
        new Dictionary<RecoveryState, ImmutableHashSet<RecoveryState>>
        {
            [RecoveryState.Amicable] = [RecoveryState.PlanActive, RecoveryState.OverIndebtedness, RecoveryState.ClosedPaid],
            [RecoveryState.PlanActive] = [RecoveryState.PlanDefaulted, RecoveryState.OverIndebtedness, RecoveryState.ClosedPaid],
            [RecoveryState.PlanDefaulted] =
                [RecoveryState.PlanActive, RecoveryState.Litigation, RecoveryState.OverIndebtedness, RecoveryState.ClosedPaid, RecoveryState.ClosedWrittenOff],
            [RecoveryState.Litigation] =
                [RecoveryState.PlanActive, RecoveryState.OverIndebtedness, RecoveryState.ClosedPaid, RecoveryState.ClosedWrittenOff],
            [RecoveryState.OverIndebtedness] = [RecoveryState.ClosedPaid, RecoveryState.ClosedWrittenOff],
            [RecoveryState.ClosedPaid] = [],
            [RecoveryState.ClosedWrittenOff] = [],
        }.ToImmutableDictionary();

    public static bool IsAllowed(RecoveryState from, RecoveryState to) => Allowed.TryGetValue(from, out var targets) && targets.Contains(to);

    public static bool IsClosed(RecoveryState state) => state is RecoveryState.ClosedPaid or RecoveryState.ClosedWrittenOff;

    /// <summary>Refused, the step says where the case can go instead: litigation, say, only after a defaulted plan.</summary>
    public static RuleViolation? Check(RecoveryState from, RecoveryState to) =>
        IsAllowed(from, to) ? null : new RuleViolation(RuleCodes.TransitionNotAllowed, null,
            $"A case cannot go from {ApiSpelling<RecoveryState>.Of(from)} to {ApiSpelling<RecoveryState>.Of(to)}.{Onward(from)}");

    private static string Onward(RecoveryState from) => Allowed.TryGetValue(from, out var targets) && targets.Count > 0
        ? $" From {ApiSpelling<RecoveryState>.Of(from)} it goes to {string.Join(", ", Enum.GetValues<RecoveryState>().Where(targets.Contains).Select(ApiSpelling<RecoveryState>.Of))}."
        : "";
}
