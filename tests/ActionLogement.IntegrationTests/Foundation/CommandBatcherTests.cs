using ActionLogement.Database;
using Npgsql;

namespace ActionLogement.IntegrationTests.Foundation;

/// <summary>Batched small writes: all land, each caller hears its own outcome, one bad command spoils no other.</summary>
[Collection("cluster")]
public sealed class CommandBatcherTests
{
    [Fact]
    public async Task Concurrent_commands_all_land_and_a_failing_one_fails_alone()
    {
        var table = "batcher_probe_" + Guid.NewGuid().ToString("N")[..8];
        await using var database = NpgsqlDataSource.Create(await TestDatabase.GetConnectionStringAsync());
        await using (var create = database.CreateCommand($"CREATE TABLE {table} (id int PRIMARY KEY, note text)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var batcher = new CommandBatcher(database);
        Assert.Equal(1, await batcher.ExecuteAsync($"INSERT INTO {table} (id, note) VALUES (-1, 'first')"));
        var inserts = Enumerable.Range(0, 500)
            .Select(i => batcher.ExecuteAsync($"INSERT INTO {table} (id, note) VALUES ($1, $2)", i, i % 2 == 0 ? null : "odd"))
            .ToList();
        // A key that exists, sent among the others: a unique violation for this caller only.
        var duplicate = batcher.ExecuteAsync($"INSERT INTO {table} (id, note) VALUES ($1, $2)", -1, "again");

        Assert.All(await Task.WhenAll(inserts), affected => Assert.Equal(1, affected));
        var error = await Assert.ThrowsAsync<PostgresException>(() => duplicate);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal(501, await TestDatabase.ScalarAsync<long>($"SELECT count(*) FROM {table}"));
        Assert.Equal(250, await TestDatabase.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE note IS NULL"));
        Assert.Equal(0, await batcher.ExecuteAsync($"UPDATE {table} SET note = 'x' WHERE id = $1", 10_000));
    }
}
