namespace ActionLogement.IntegrationTests.Foundation;

/// <summary>The private PostgreSQL the local start and the tests run on (the same launcher).</summary>
[Collection("cluster")]
public sealed class EmbeddedPostgresTests
{
    [Fact]
    public async Task New_WAL_segments_are_not_zero_filled_on_the_commit_path()
    {
        // Zero-filling a 16 MB segment stalls every commit behind it (README, Benchmarks).
        await TestDatabase.GetConnectionStringAsync();
        Assert.Equal("off", await TestDatabase.ScalarAsync<string>("SHOW wal_init_zero"));
    }
}
