namespace ActionLogement.Grains.Abstractions;

/// <summary>
/// Who sent a command and under which <c>Idempotency-Key</c>, for a grain that records both with the change it makes:
/// the audit row is written in the same statement as the grain's state, and a replay of the key, even one racing
/// the first request, is answered from the grain's record instead of being applied again.
/// </summary>
/// <param name="Action">The audited action (method and route).</param>
/// <param name="AppliedStatus">The HTTP status the caller gets when the command is applied, for the audit row.</param>
/// <param name="RefusedStatus">The HTTP status of a refusal the grain records (answered again to a replay of its key).</param>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.CommandOrigin")]
public sealed record CommandOrigin(
    [property: Id(0)] string Role,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Action,
    [property: Id(3)] int AppliedStatus,
    [property: Id(4)] IdempotencyDigest? Idempotency,
    [property: Id(5)] int RefusedStatus);

/// <summary>
/// An <c>Idempotency-Key</c> in its caller's scope and the request sent with it, each as 64 bits of a SHA-256: enough
/// to tell a replay from a reuse with another body, small enough to keep with every recorded change.
/// </summary>
[GenerateSerializer, Immutable, Alias("al.IdempotencyDigest")]
public readonly record struct IdempotencyDigest(
    [property: Id(0)] long Key,
    [property: Id(1)] long Request)
{
    /// <summary>Why a key sent again with another body is refused, wherever it is found: the API's store or a grain's record.</summary>
    public const string ReusedMessage = "This 'Idempotency-Key' was already used with another request body.";
}
