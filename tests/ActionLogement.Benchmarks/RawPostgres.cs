using System.Diagnostics;
using Npgsql;

namespace ActionLogement.Benchmarks;

internal sealed record RawResult(long Rows, double Seconds)
{
    public double RowsPerSecond => Rows / Seconds;
}

/// <summary>
/// The floor under the engine: single-row INSERTs into a scratch table, each its own autocommit transaction, from
/// <see cref="Connections"/> concurrent connections, on the same database. The table is dropped afterwards.
/// </summary>
internal static class RawPostgres
{
    public const int Connections = 16;
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The private cluster of the local start (<c>.data/pg.host</c>, <c>pg.port</c>, <c>pg.password</c>), reached the
    /// way the silo and the API reach it, so the raw figures are comparable.
    /// </summary>
    public static string LocalConnectionString()
    {
        var data = FindDataDirectory()
            ?? throw new InvalidOperationException("No .data/pg.port found above the current directory: pass --connection.");
        return new NpgsqlConnectionStringBuilder
        {
            Host = File.Exists(Path.Combine(data, "pg.host")) ? File.ReadAllText(Path.Combine(data, "pg.host")).Trim() : "127.0.0.1",
            Port = int.Parse(File.ReadAllText(Path.Combine(data, "pg.port")).Trim()),
            Username = "postgres",
            Password = File.ReadAllText(Path.Combine(data, "pg.password")).Trim(),
            Database = "actionlogement",
        }.ConnectionString;
    }

    public static async Task<RawResult> MeasureAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Connections + 2 };
        await using var database = NpgsqlDataSource.Create(builder.ConnectionString);
        await ExecuteAsync(database, """
            CREATE TABLE IF NOT EXISTS bench_raw(id bigserial primary key, contract text, month text,
                amount numeric(12,2), created timestamptz default now())
            """);
        try
        {
            var clock = Stopwatch.StartNew();
            var rows = await Task.WhenAll(Enumerable.Range(0, Connections).Select(async worker =>
            {
                await using var connection = await database.OpenConnectionAsync();
                await using var insert = new NpgsqlCommand("INSERT INTO bench_raw(contract, month, amount) VALUES ($1, $2, $3)", connection);
                var contract = new NpgsqlParameter<string> { TypedValue = "" };
                var month = new NpgsqlParameter<string> { TypedValue = "" };
                var amount = new NpgsqlParameter<decimal> { TypedValue = 800m };
                insert.Parameters.Add(contract);
                insert.Parameters.Add(month);
                insert.Parameters.Add(amount);
                await insert.PrepareAsync();
                long n = 0;
                while (clock.Elapsed < Duration)
                {
                    contract.TypedValue = $"A{worker:D3}{n:D8}";
                    month.TypedValue = $"{2023 + (n / 12 % 50)}-{(n % 12) + 1:D2}";
                    await insert.ExecuteNonQueryAsync();
                    n++;
                }

                return n;
            }));
            return new RawResult(rows.Sum(), clock.Elapsed.TotalSeconds);
        }
        finally
        {
            await ExecuteAsync(database, "DROP TABLE IF EXISTS bench_raw");
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    internal static string? FindDataDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, ".data", "pg.port")))
                {
                    return Path.Combine(dir.FullName, ".data");
                }
            }
        }

        return null;
    }
}
