using Npgsql;

namespace ActionLogement.Benchmarks;

/// <summary>An autovacuum or autoanalyze pass of one table, by when it ended.</summary>
internal sealed record AutovacuumPass(string Table, string Pass, DateTime EndedUtc);

/// <summary>
/// The autovacuum and autoanalyze passes that ended during a run, from PostgreSQL's statistics. A pass reads and writes
/// pages beside the load (after a start, with a full-page image of each page it first changes), and commits wait on the
/// disk behind it. The launcher's first round comes about a minute after PostgreSQL starts, with what earlier runs left
/// to vacuum: a run started right after <c>./run.sh</c> meets it in its first seconds.
/// </summary>
internal static class Autovacuums
{
    public static async Task<IReadOnlyList<AutovacuumPass>> EndedBetweenAsync(string connection, DateTime fromUtc, DateTime toUtc)
    {
        await using var database = NpgsqlDataSource.Create(connection);
        await using var command = database.CreateCommand("""
            SELECT relname, 'vacuum', last_autovacuum FROM pg_stat_user_tables WHERE last_autovacuum BETWEEN $1 AND $2
            UNION ALL
            SELECT relname, 'analyze', last_autoanalyze FROM pg_stat_user_tables WHERE last_autoanalyze BETWEEN $1 AND $2
            ORDER BY 3
            """);
        command.Parameters.Add(new() { Value = fromUtc });
        command.Parameters.Add(new() { Value = toUtc });
        var passes = new List<AutovacuumPass>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            passes.Add(new AutovacuumPass(reader.GetString(0), reader.GetString(1), reader.GetDateTime(2)));
        }

        return passes;
    }
}
