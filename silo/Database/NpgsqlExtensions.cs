using Npgsql;
using NpgsqlTypes;

namespace ActionLogement.Database;

/// <summary>Small Npgsql helpers shared by the batched writers and the bulk COPYs.</summary>
public static class NpgsqlExtensions
{
    /// <summary>
    /// Adds positional values whose types Npgsql infers from their CLR types; a null goes as an untyped NULL, which
    /// the statement types (a column, a cast).
    /// </summary>
    public static void AddValues(this NpgsqlParameterCollection parameters, IEnumerable<object?> values)
    {
        foreach (var value in values)
        {
            parameters.Add(value is null ? UntypedNull() : new NpgsqlParameter { Value = value });
        }
    }

    /// <summary>A NULL sent without a type: the statement types it (a column, a cast).</summary>
    public static NpgsqlParameter UntypedNull() => new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown };

    /// <summary>
    /// A binary COPY on the caller's connection (and transaction): <paramref name="writeRow"/> writes each row's
    /// columns, in the order <paramref name="copySql"/> names them.
    /// </summary>
    public static async Task CopyRowsAsync<T>(this NpgsqlConnection connection, string copySql, IEnumerable<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> writeRow)
    {
        await using var copy = await connection.BeginBinaryImportAsync(copySql);
        foreach (var row in rows)
        {
            await copy.StartRowAsync();
            await writeRow(copy, row);
        }

        await copy.CompleteAsync();
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection of <paramref name="database"/>. When PostgreSQL refuses a statement,
    /// the connection forgets its auto-prepared statements before it goes back to the pool: Npgsql 10 keeps a statement
    /// whose preparing execution failed as if it were prepared, and the next use of it on that connection fails with
    /// "Received unexpected backend message DataRow" (npgsql/npgsql#6391), so one refused write would fail an innocent one.
    /// </summary>
    public static async Task WithConnectionAsync(this NpgsqlDataSource database, Func<NpgsqlConnection, Task> work)
    {
        await using var connection = await database.OpenConnectionAsync();
        try
        {
            await work(connection);
        }
        catch (PostgresException)
        {
            try
            {
                connection.UnprepareAll();
            }
            catch (NpgsqlException)
            {
                // The connection itself failed: Npgsql discards it rather than pooling it.
            }

            throw;
        }
    }

    /// <summary>
    /// The first exception of type <typeparamref name="T"/> in <paramref name="exception"/>'s chain of inner exceptions
    /// (itself included): errors reach callers wrapped by Orleans, ASP.NET Core or System.Text.Json.
    /// </summary>
    public static T? InChain<T>(this Exception exception) where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>A nullable text column of a binary COPY row.</summary>
    public static Task WriteTextOrNullAsync(this NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Text);
}
