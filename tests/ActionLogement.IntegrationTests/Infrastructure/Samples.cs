namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>Requests that pass or fail the rules on purpose, with dates relative to the test clock.</summary>
public static class Samples
{
    public static DateOnly Today => DateOnly.FromDateTime(TestClock.Instance.GetUtcNow().UtcDateTime);

    public static VisaApplication YoungVisa(string lastName = "Brahim", decimal resources = 2000m) => new(
        "Cloane", lastName, Today.AddYears(-25), Profile.Young, Today, resources, null,
        new EmploymentInfo(EmploymentContract.Cdi, 1600m, null, null, null, null));
}
