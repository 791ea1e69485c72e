namespace ActionLogement.Domain;

public enum RecoveryState
{
    Amicable,
    PlanActive,
    PlanDefaulted,
    Litigation,
    OverIndebtedness,
    ClosedPaid,
    ClosedWrittenOff,
}
