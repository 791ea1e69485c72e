namespace ActionLogement.Grains.Visas;

/// <summary>
/// The person behind a tenant key. A tenant key is one candidate (API.md): requesting visas in other people's names
/// would let it hold their visas, see their recovery cases and hand their numbers to landlords. The first identity the
/// key requests a visa for becomes its own; staff enter visas for anyone.
/// </summary>
public sealed class CandidateGrain(
    [PersistentState("candidate", StorageNames.Default)] IPersistentState<CandidateState> state) : Grain, ICandidateGrain
{
    public async Task<bool> Claim(CandidateIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (state.State.Identity is { } own)
        {
            return Names.Match(identity.LastName, own.LastName) && Names.Match(identity.FirstName, own.FirstName)
                && identity.BirthDate == own.BirthDate;
        }

        state.State.Identity = identity;
        await state.WriteStateAsync();
        return true;
    }
}

/// <summary>Holds personal data: never log it.</summary>
[GenerateSerializer, SuppressReferenceTracking, Alias("al.CandidateState")]
public sealed class CandidateState
{
    [Id(0)]
    public CandidateIdentity? Identity { get; set; }
}
