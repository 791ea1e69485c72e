namespace ActionLogement.Grains.Recovery;

public sealed class RecoveryOptions
{
    /// <summary>
    /// How often a case with an active plan looks for missed instalments. The check reads durable state, so a late
    /// or skipped tick only delays detection; it never miscounts.
    /// </summary>
    public TimeSpan InstalmentCheckPeriod { get; set; } = TimeSpan.FromHours(6);
}
