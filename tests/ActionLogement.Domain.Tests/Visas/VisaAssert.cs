namespace ActionLogement.Domain.Tests.Visas;

internal static class VisaAssert
{
    public static VisaDecision Decide(VisaRequest request) => VisaEligibility.Decide(request, Samples.Catalog);

    public static void Certified(VisaRequest request)
    {
        var decision = Decide(request);
        Assert.Empty(decision.Violations);
        Assert.True(decision.Certified);
    }

    public static void RefusedWith(VisaRequest request, string code)
    {
        var decision = Decide(request);
        Assert.False(decision.Certified);
        Assert.Contains(code, Samples.Codes(decision.Violations));
    }
}
