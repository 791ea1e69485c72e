namespace ActionLogement.Grains.Abstractions;

/// <summary>Who a tenant key is: a key of role tenant is one candidate (API.md), keyed by its subject.</summary>
[Alias("al.ICandidateGrain")]
public interface ICandidateGrain : IGrainWithStringKey
{
    /// <summary>
    /// Whether this candidate may request a visa in the name of <paramref name="identity"/>: the first identity its key
    /// requests a visa for becomes its own, and later requests must name the same person.
    /// </summary>
    [Alias("Claim")]
    Task<bool> Claim(CandidateIdentity identity);
}

/// <summary>The person a visa is requested for: names (compared as <see cref="Domain.Names"/> folds them) and birth date.</summary>
[GenerateSerializer, SuppressReferenceTracking, Immutable, Alias("al.CandidateIdentity")]
public sealed record CandidateIdentity(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] DateOnly BirthDate);
