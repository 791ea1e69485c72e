namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>Builds contracts with payouts straight through grains (faster than HTTP when HTTP is not the point).</summary>
public static class GrainScenario
{
    private static long _next = Random.Shared.NextInt64(10_000_000_000, 90_000_000_000);

    public static string NewVisaNumber() => VisaNumber.Format(Interlocked.Increment(ref _next));

    public static string NewContractNumber() => ContractNumber.Format(Interlocked.Increment(ref _next));

    /// <summary>A v2026 private contract whose three months of unpaid rent (800 each) were paid out: debt 2,400.</summary>
    public static async Task<string> ContractWithPayoutsAsync(IGrainFactory grains, string tenantSubject, int months = 3, bool waitForCase = true)
    {
        var contract = await ActiveContractAsync(grains, tenantSubject);
        var declaration = await grains.GetGrain<IContractGrain>(contract).DeclareUnpaidRent(OpeningDeclaration(months), origin: null);
        Assert.True(declaration.Violations.Count == 0, string.Join(", ", declaration.Violations.Select(v => v.Code)));

        if (!waitForCase)
        {
            return contract;
        }

        // The recovery case is handed its payouts after the declaration has answered: wait until it holds the debt.
        var debt = await Eventually.ValueAsync(async () => (await grains.GetGrain<IRecoveryCaseGrain>(RecoveryCaseIds.For(contract)).Get())?.Debt,
            d => d == declaration.Debt, TimeSpan.FromSeconds(30));
        Assert.Equal(declaration.Debt, debt);
        return contract;
    }

    /// <summary>A v2026 private contract (rent 700 + 100 charges) on a young tenant's visa, with no claim yet.</summary>
    public static async Task<string> ActiveContractAsync(IGrainFactory grains, string tenantSubject)
    {
        var effect = EffectMonth.FirstDay;
        var visa = NewVisaNumber();
        await grains.GetGrain<IVisaGrain>(visa).Request(new VisaApplication("Cloane", "Brahim", effect.AddYears(-22), Profile.Young,
            effect.AddDays(-20), 2000m, null, null), tenantSubject, byTenant: true);

        var contract = NewContractNumber();
        var outcome = await grains.GetGrain<IContractGrain>(contract).Activate(new ActivateContract(visa, "BRAHIM", "Cloane", "L-grain", null, null,
            new LeaseTerms(Park.Private, Zone.Idf, "1 rue X", 700m, 100m, 700m, effect.AddDays(-10), effect, 36), effect.AddDays(-8), "test"));
        Assert.True(outcome.Contract is not null, string.Join(", ", outcome.Violations.Select(v => v.Code)));
        return contract;
    }

    /// <summary>The claim's opening declaration, made today: the first <paramref name="months"/> months of the lease wholly unpaid (800 each).</summary>
    public static DeclareUnpaidRent OpeningDeclaration(int months = 3) =>
        new(Today, ApiScenario.DefaultDate, ApiScenario.ReminderDate, ApiScenario.LetterDate,
            [.. Enumerable.Range(1, months).Select(i => new MonthLine(EffectMonth.AddMonths(i).ToString(), 800m, 0m, 0m))]);

    /// <summary>
    /// The tenant left today (so every month declared, this one the last, was rent of the lease) with 4,000 of repairs
    /// against a 700 deposit: 1,600 covered (2 x 800).
    /// </summary>
    public static FileDamageClaim DamageAfterExit() =>
        new(Today, EffectMonth.FirstDay, Today, 4000m, 700m, null, Today);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static YearMonth EffectMonth => ApiScenario.EffectMonth;
}
