using ActionLogement.Database;
using ActionLogement.Database.Embedded;
using Npgsql;

namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>
/// One real PostgreSQL per test run: the project's own embedded launcher under <c>.data/test</c>, with a database
/// recreated empty at the start of the run and migrated by the production migrator.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _connectionString;
    private static string? _server;

    public static async Task<string> GetConnectionStringAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _connectionString ??= await CreateAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The test database is not started yet.");

    private static async Task<string> CreateAsync()
    {
        var root = Path.Combine(FindRepositoryRoot(), ".data", "test");
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            RootDirectory = root,
            DatabaseName = "postgres",
            // Throwaway data: trade durability for speed.
            ServerSettings = new Dictionary<string, string>
            {
                ["fsync"] = "off",
                ["synchronous_commit"] = "off",
                ["full_page_writes"] = "off",
            },
        });

        _server = server.ConnectionString;
        return await CreateDatabaseAsync("al_tests");
    }

    /// <summary>
    /// A database of its own on the run's server, recreated empty and migrated: for a test that starts a cluster apart
    /// from the shared one (grain numbers start again in each cluster, so the two must not share read models).
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(string database)
    {
        var server = _server ?? throw new InvalidOperationException("The test database is not started yet.");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = PostgresConnections.Tune(
            new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString, maxPoolSize: 50);
        await DatabaseMigrator.MigrateAsync(connectionString);
        return connectionString;
    }

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActionLogement.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }

    public static async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.AddWithValue(arg);
        }

        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T));
    }
}
