namespace ActionLogement.Grains.Visas;

[GenerateSerializer, SuppressReferenceTracking, Alias("al.VisaState")]
public sealed class VisaState
{
    [Id(0)]
    public VisaView? Visa { get; set; }

    /// <summary>When the visa was reserved for <see cref="VisaView.UsedByContract"/>.</summary>
    [Id(1)]
    public DateTimeOffset? ReservedAt { get; set; }
}
