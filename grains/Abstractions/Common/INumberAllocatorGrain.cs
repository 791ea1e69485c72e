namespace ActionLogement.Grains.Abstractions;

public enum NumberKind
{
    Visa,
    Contract,
    Payout,
}

/// <summary>Hands out business numbers from PostgreSQL sequences, in blocks so a busy silo rarely waits on the database.</summary>
[Alias("al.INumberAllocatorGrain")]
public interface INumberAllocatorGrain : IGrainWithIntegerKey
{
    [Alias("Next")]
    Task<string> Next(NumberKind kind);

    [Alias("NextMany")]
    Task<IReadOnlyList<string>> NextMany(NumberKind kind, int count);
}
