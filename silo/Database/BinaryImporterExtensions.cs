using Npgsql;
using NpgsqlTypes;

namespace ActionLogement.Database;

public static class BinaryImporterExtensions
{
    /// <summary>A nullable text column of a binary COPY row.</summary>
    public static Task WriteTextOrNullAsync(this NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Text);
}
