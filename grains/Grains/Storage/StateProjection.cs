using System.Text.RegularExpressions;

namespace ActionLogement.Grains.Storage;

/// <summary>
/// Read-model writes that commit with a grain's state, in the same statement, and only when that state write is
/// accepted: the lists never show what the grain did not store, nor miss what it did.
/// </summary>
/// <remarks>
/// Each part is the body of one <c>WITH</c> entry: <c>name AS (INSERT ... SELECT ... WHERE EXISTS (SELECT 1 FROM
/// written) ...)</c>, where <c>written</c> is the state write (one row when accepted, none on a stale etag) and
/// <c>$1</c>, <c>$2</c>... are the projection's own values. Parts are built once per read model, as static fields.
/// </remarks>
public sealed partial class ProjectionSql(params string[] parts)
{
    private string? _afterInsert;
    private string? _afterUpdate;

    /// <summary>The whole statement around a state write of <paramref name="stateSql"/> that takes <paramref name="stateParameters"/> values.</summary>
    internal string Around(string stateSql, int stateParameters, bool insert)
    {
        ref var cached = ref insert ? ref _afterInsert : ref _afterUpdate;
        return cached ??= $"""
            WITH written AS (
            {stateSql}
            ),
            {string.Join(",\n", parts.Select(p => Parameter().Replace(p, m => "$" + (int.Parse(m.Groups[1].Value) + stateParameters))))}
            SELECT etag FROM written
            """;
    }

    [GeneratedRegex(@"\$(\d+)")]
    private static partial Regex Parameter();
}

/// <summary>One write's projection: its statement parts and their values.</summary>
public sealed record StateProjection(ProjectionSql Sql, object?[] Values);

/// <summary>A grain state that hands its storage, for its next write only, the read-model rows to write with it.</summary>
public interface IProjectedState
{
    StateProjection? PendingProjection { get; set; }
}
