using ActionLogement.Database;
using Npgsql;

namespace ActionLogement.IntegrationTests.Foundation;

/// <summary>Parameters reused from one batch to the next carry each batch's own values, of whatever type.</summary>
public sealed class ParameterPoolTests
{
    [Fact]
    public async Task A_reused_parameter_sends_its_new_value_and_type_and_the_pool_keeps_no_value_alive()
    {
        var pool = new ParameterPool();
        await using var database = NpgsqlDataSource.Create(await TestDatabase.GetConnectionStringAsync());

        var (first, firstRow) = await RunAsync("SELECT $1::text, $2::numeric, $3::int", ["a", 1.50m, null]);
        Assert.Equal(["a", 1.50m, DBNull.Value], firstRow);
        // Given back: the inferred ones are cleared and pooled, the typed NULL is not.
        Assert.All(first.Take(2), p => Assert.Null(p.Value));

        var (second, secondRow) = await RunAsync("SELECT $1::date, $2::text, $3::int[]", [new DateOnly(2024, 2, 29), "b", new[] { 7, 8 }]);
        Assert.Equal([new DateOnly(2024, 2, 29), "b", new[] { 7, 8 }], secondRow);
        Assert.Equal(2, second.Count(first.Contains));

        async Task<(List<NpgsqlParameter>, object[])> RunAsync(string sql, object?[] values)
        {
            await using var batch = database.CreateBatch();
            var command = new NpgsqlBatchCommand(sql);
            pool.AddValues(command.Parameters, values);
            batch.BatchCommands.Add(command);
            var used = command.Parameters.ToList();
            var row = new object[values.Length];
            await using (var reader = await batch.ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync());
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.GetFieldType(i) == typeof(DateTime) ? reader.GetFieldValue<DateOnly>(i) : reader.GetValue(i);
                }
            }

            pool.Return(batch);
            Assert.Empty(command.Parameters);
            return (used, row);
        }
    }
}
