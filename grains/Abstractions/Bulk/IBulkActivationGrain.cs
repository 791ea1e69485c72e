namespace ActionLogement.Grains.Abstractions;

/// <summary>
/// Works through one stored bulk upload in batches. Progress and results live in PostgreSQL (the API reads them
/// there); a reminder resumes the job from its last committed batch after a silo failure.
/// </summary>
[Alias("al.IBulkActivationGrain")]
public interface IBulkActivationGrain : IGrainWithStringKey
{
    /// <summary>Starts or resumes the job; returns at once.</summary>
    [Alias("Start")]
    Task Start();
}
