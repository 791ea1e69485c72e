namespace ActionLogement.Grains.Abstractions;

/// <summary>One visa, keyed by its number (<c>V</c> + 11 digits).</summary>
[Alias("al.IVisaGrain")]
public interface IVisaGrain : IGrainWithStringKey
{
    /// <summary>
    /// Decides eligibility at once and records the visa, certified or refused. Replays return the first result. A tenant
    /// requesting its own visa (<paramref name="byTenant"/>) is its holder: it sees the visa, and the recovery case of
    /// the contract that uses it. One entered by staff has no holder key, whatever the subject of the key that entered it.
    /// </summary>
    [Alias("Request")]
    Task<VisaView> Request(VisaApplication application, string requestedBy, bool byTenant);

    /// <summary>The visa, or null when this number was never issued.</summary>
    [Alias("Get")]
    Task<VisaView?> Get();

    /// <summary>
    /// Runs the activation rules against this visa and, when they pass and the visa is free, reserves it for the
    /// contract. One grain decides, so two contracts racing for one visa cannot both win.
    /// </summary>
    [Alias("ReserveFor")]
    Task<VisaReservation> ReserveFor(string contractNumber, ActivateContract command);

    /// <summary>Frees the visa when its contract is cancelled (the tenant never moved in).</summary>
    [Alias("Release")]
    Task Release(string contractNumber);
}
