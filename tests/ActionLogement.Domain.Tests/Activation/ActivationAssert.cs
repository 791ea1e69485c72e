namespace ActionLogement.Domain.Tests.Activation;

internal static class ActivationAssert
{
    public static ActivationDecision Check(ActivationRequest? request = null, VisaFacts? visa = null) =>
        ActivationRules.Check(request ?? Samples.Activation(), visa ?? Samples.Visa(), Samples.Catalog);

    public static void Accepted(ActivationRequest? request = null, VisaFacts? visa = null)
    {
        var decision = Check(request, visa);
        Assert.Empty(decision.Violations);
        Assert.True(decision.Accepted);
        Assert.NotNull(decision.Cover);
    }

    public static void RefusedWith(string code, ActivationRequest? request = null, VisaFacts? visa = null)
    {
        var decision = Check(request, visa);
        Assert.False(decision.Accepted);
        Assert.Null(decision.Cover);
        Assert.Contains(code, Samples.Codes(decision.Violations));
    }
}
