namespace ActionLogement.Grains.Abstractions;

/// <summary>
/// A partner's reference for a lease (<see cref="KeyOf"/>), given by the partner itself or by whoever names it as the
/// lease's agent: the activations under it take turns here, so that two sent at the same instant cannot both find it
/// free and name two contracts.
/// </summary>
[Alias("al.IPartnerReferenceGrain")]
public interface IPartnerReferenceGrain : IGrainWithStringKey
{
    /// <summary>Activates contract <paramref name="contractNumber"/> unless the command's reference already names a contract.</summary>
    [Alias("Activate")]
    Task<ReferencedActivation> Activate(string contractNumber, ActivateContract command);

    /// <summary>The grain of one partner's reference (a key naming two pairs at once would only make them take turns).</summary>
    public static string KeyOf(string partnerId, string externalRef) => $"{partnerId}/{externalRef}";
}

/// <summary>The contract the reference already named (<see cref="TakenBy"/>), or the activation's outcome.</summary>
[GenerateSerializer, Immutable, Alias("al.ReferencedActivation")]
public sealed record ReferencedActivation([property: Id(0)] string? TakenBy, [property: Id(1)] ActivationOutcome? Outcome);
