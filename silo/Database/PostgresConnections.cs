using ActionLogement.Database.Embedded;
using Npgsql;

namespace ActionLogement.Database;

/// <summary>The one place where Npgsql connection settings are tuned for this workload.</summary>
public static class PostgresConnections
{
    /// <summary>
    /// Adds the pool and preparation settings every process of the engine uses on top of the given connection string.
    /// </summary>
    /// <remarks>
    /// - <c>Maximum Pool Size</c>: bounded so several silos, the API and a test run fit under the server's
    ///   max_connections (300 in the embedded cluster); 2 cores gain nothing from more concurrent statements.
    /// - <c>Max Auto Prepare</c>: Orleans and the read models send the same few statements over and over; server-side
    ///   prepared statements skip parsing and planning each time (~1.5x on this machine).
    /// - <c>No Reset On Close</c>: we never change session state, so skip DISCARD ALL on every pool return.
    /// </remarks>
    public static string Tune(string connectionString, int maxPoolSize = 40) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = maxPoolSize,
            MaxAutoPrepare = 50,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
            Timeout = 15,
        }.ConnectionString;

    /// <summary>
    /// The same connection with asynchronous commit, for the claims of idempotency keys, which a retry can remake. A
    /// commit then returns before its WAL is flushed; only a crash of the PostgreSQL server itself (not of our
    /// processes) can lose the last fraction of a second of them. Never for grain state, read models, sequences or
    /// audit (a key's stored response is written with its audit row, synchronously).
    /// </summary>
    public static string AsyncCommit(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c synchronous_commit=off" }.ConnectionString;

    /// <summary>
    /// The configured connection string when there is one; otherwise the private cluster under <c>.data/</c>
    /// (started on demand), so a bare <c>dotnet run</c> works on a developer machine.
    /// </summary>
    public static async Task<string> ResolveAsync(string? configured, string? dataDirectory, int maxPoolSize = 40)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Tune(configured, maxPoolSize);
        }

        var embedded = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            RootDirectory = dataDirectory ?? Path.Combine(Directory.GetCurrentDirectory(), ".data"),
        });
        return Tune(embedded.ConnectionString, maxPoolSize);
    }
}
