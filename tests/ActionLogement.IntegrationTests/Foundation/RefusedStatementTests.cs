using ActionLogement.Database;
using Npgsql;

namespace ActionLogement.IntegrationTests.Foundation;

/// <summary>
/// A statement PostgreSQL refused while Npgsql was auto-preparing it must not break the next use of the same statement on
/// the same connection (npgsql/npgsql#6391: "Received unexpected backend message DataRow").
/// </summary>
[Collection("cluster")]
public sealed class RefusedStatementTests
{
    [Fact]
    public async Task After_a_refused_statement_the_connection_runs_the_same_statement_again()
    {
        var table = "refused_probe_" + Guid.NewGuid().ToString("N")[..8];
        // One connection, so every run below meets the connection the refusal happened on; statements prepared at their
        // second use, as PostgresConnections.Tune sets them.
        var settings = new NpgsqlConnectionStringBuilder(await TestDatabase.GetConnectionStringAsync())
        {
            MaxPoolSize = 1,
            MaxAutoPrepare = 50,
            AutoPrepareMinUsages = 2,
        };
        await using var database = NpgsqlDataSource.Create(settings.ConnectionString);
        await using (var create = database.CreateCommand($"CREATE TABLE {table} (id serial PRIMARY KEY, note text)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var inserted = new List<int>();
        Task InsertAsync(string note) => database.WithConnectionAsync(async connection =>
        {
            await using var batch = connection.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"INSERT INTO {table} (note) VALUES ($1) RETURNING id") { Parameters = { new() { Value = note } } });
            await using var reader = await batch.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                inserted.Add(reader.GetInt32(0));
            }
        });

        await InsertAsync("first");
        // The second use prepares the statement, and PostgreSQL refuses the text (it cannot hold U+0000).
        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync("bad\u0000"));
        Assert.Equal("22021", refused.SqlState);
        await InsertAsync("third");
        await InsertAsync("fourth");

        Assert.Equal(3, inserted.Count);
        Assert.Equal(3, await TestDatabase.ScalarAsync<long>($"SELECT count(*) FROM {table}"));
    }
}
