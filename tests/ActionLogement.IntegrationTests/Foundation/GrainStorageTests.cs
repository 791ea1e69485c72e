namespace ActionLogement.IntegrationTests.Foundation;

/// <summary>The traps of the stock ADO.NET storage scripts, checked against our schema through real grains.</summary>
[Collection("cluster")]
public sealed class GrainStorageTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Two_grain_types_with_the_same_key_keep_separate_state()
    {
        var key = "K" + Guid.NewGuid().ToString("N")[..11];
        var visa = await fixture.Client.GetGrain<IVisaGrain>(key).Request(Samples.YoungVisa(), "T-same-key");
        var debt = await fixture.Client.GetGrain<IRecoveryCaseGrain>(key).RecordPayouts(new CaseParties("A10000000001", "L-same-key", null),
            [new PayoutView("P-same-key-001", "A10000000001", "L-same-key", PayoutKind.UnpaidRent, "2026-01", 123.45m,
                PayoutStatus.Pending, "QS-1", Samples.Today, null, null)]);

        Assert.Equal(123.45m, debt);
        Assert.Equal(visa.ExpiresOn, (await fixture.Client.GetGrain<IVisaGrain>(key).Get())!.ExpiresOn);
        Assert.Equal(2, await TestDatabase.ScalarAsync<long>(
            "SELECT count(DISTINCT graintypestring) FROM orleansstorage WHERE grainidextensionstring = $1", key));
    }

    [Fact]
    public async Task The_storage_table_is_unique_on_the_grain_identity()
    {
        var unique = await TestDatabase.ScalarAsync<long>("""
            SELECT count(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE t.relname = 'orleansstorage' AND c.contype = 'u'
            """);
        Assert.Equal(1, unique);
    }
}
