namespace ActionLogement.Grains.Visas;

[GenerateSerializer, Alias("al.VisaState")]
public sealed class VisaState
{
    [Id(0)]
    public VisaView? Visa { get; set; }
}
