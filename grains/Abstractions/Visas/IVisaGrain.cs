namespace ActionLogement.Grains.Abstractions;

/// <summary>One visa, keyed by its number (<c>V</c> + 11 digits).</summary>
[Alias("al.IVisaGrain")]
public interface IVisaGrain : IGrainWithStringKey
{
    /// <summary>Decides eligibility at once and records the visa, certified or refused. Replays return the first result.</summary>
    [Alias("Request")]
    Task<VisaView> Request(VisaApplication application, string requestedBy);

    /// <summary>The visa, or null when this number was never issued.</summary>
    [Alias("Get")]
    Task<VisaView?> Get();
}
