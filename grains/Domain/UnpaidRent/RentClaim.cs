namespace ActionLogement.Domain;

/// <summary>The whole unpaid-rent claim of one contract, rebuilt by applying its declarations in order.</summary>
public sealed record RentClaim(
    bool Opened,
    DateOnly? OpenedOn,
    DateOnly? DefaultDate,
    DateOnly? ReminderDate,
    DateOnly? DemandLetterDate,
    ClaimMonths Months,
    int InstalmentsUsed,
    bool DefaultConstituted,
    decimal TotalCovered,
    decimal RefundOwed)
{
    public static RentClaim Empty { get; } =
        new(false, null, null, null, null, ClaimMonths.Empty, 0, false, 0m, 0m);

    /// <summary>
    /// Payouts cancelled before their transfer, for months the landlord owed back whole (<see cref="PendingPayoutSetOff"/>):
    /// counted neither in <see cref="TotalCovered"/> nor in <see cref="RefundOwed"/> any more.
    /// </summary>
    public decimal SetOff { get; init; }

    /// <summary>What the guarantor bears net of refunds owed by the landlord.</summary>
    public decimal NetCovered => TotalCovered - RefundOwed;

    // Value equality, the months' figures included, so "applying a declaration twice equals applying it once" can be
    // checked with ==.
    public bool Equals(RentClaim? other) =>
        other is not null
        && Opened == other.Opened && OpenedOn == other.OpenedOn && DefaultDate == other.DefaultDate
        && ReminderDate == other.ReminderDate && DemandLetterDate == other.DemandLetterDate
        && InstalmentsUsed == other.InstalmentsUsed && DefaultConstituted == other.DefaultConstituted
        && TotalCovered == other.TotalCovered && RefundOwed == other.RefundOwed && SetOff == other.SetOff
        && Months == other.Months;

    public override int GetHashCode() => HashCode.Combine(Opened, OpenedOn, InstalmentsUsed, TotalCovered, RefundOwed, Months.Count);
}
