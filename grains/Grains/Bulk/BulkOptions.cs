namespace ActionLogement.Grains.Bulk;

public sealed class BulkOptions
{
    /// <summary>Rows read, activated and committed together; one transaction per batch.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How often a reminder looks at an unfinished job, to resume it after a silo failure.</summary>
    public TimeSpan ResumeCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
