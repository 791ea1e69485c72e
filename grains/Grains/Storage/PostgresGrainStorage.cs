using System.Globalization;
using Orleans.Storage;

namespace ActionLogement.Grains.Storage;

/// <summary>
/// Orleans grain storage over <see cref="GrainStateStore"/>: optimistic concurrency on an integer etag, state in
/// Orleans' binary serialization. A stale etag raises <see cref="InconsistentStateException"/>, as Orleans expects.
/// </summary>
public sealed class PostgresGrainStorage(GrainStateStore store) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadAsync(Key(stateName, grainId));
        grainState.ETag = stored is null ? null : stored.ETag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = stored?.Payload is not null;
        grainState.State = stored?.Payload is { } payload ? store.Deserialize<T>(payload) : Activator.CreateInstance<T>();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = ParseETag(grainState.ETag);
        var projected = grainState.State as IProjectedState;
        var projection = projected?.PendingProjection;
        int? written;
        try
        {
            written = await store.WriteStateAsync(Key(stateName, grainId), etag, grainState.State, projection);
        }
        finally
        {
            // A projection goes with one write: a retry is prepared afresh by the grain.
            projected?.PendingProjection = null;
        }

        grainState.ETag = Accepted(written, grainState.ETag, grainId);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (ParseETag(grainState.ETag) is { } etag)
        {
            var cleared = await store.ClearAsync(Key(stateName, grainId), etag);
            grainState.ETag = Accepted(cleared, grainState.ETag, grainId);
        }

        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private static GrainStateKey Key(string stateName, GrainId grainId) => new(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    private static int? ParseETag(string? etag) => etag is null ? null : int.Parse(etag, CultureInfo.InvariantCulture);

    private static string Accepted(int? newETag, string? sentETag, GrainId grainId) =>
        newETag is { } value
            ? value.ToString(CultureInfo.InvariantCulture)
            : throw new InconsistentStateException($"State of {grainId} changed since it was read (etag {sentETag ?? "none"}).", "unknown", sentETag ?? "none");
}
