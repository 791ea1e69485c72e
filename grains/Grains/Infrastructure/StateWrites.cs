using ActionLogement.Database;
using Orleans.Storage;

namespace ActionLogement.Grains;

internal static class StateWrites
{
    /// <summary>
    /// Writes grain state. A write that failed or timed out leaves the stored etag unknown: the grain deactivates so
    /// the next call reloads from PostgreSQL instead of serving from memory, and the caller sees the error and retries.
    /// What the write needs prepared from the changed state (its read-model rows) is done by <paramref name="prepare"/>,
    /// under the same rule: a command whose write could not even be prepared has still changed the memory.
    /// </summary>
    public static async Task WriteOrDeactivateAsync<T>(this IPersistentState<T> state, IGrainBase grain, Action? prepare = null)
    {
        try
        {
            prepare?.Invoke();
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Any failure, not only a stale etag or a timeout: the command's changes are in memory but maybe not stored
            // (a lost connection may even have committed them), so memory is no longer the stored state.
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, e, "State write failed; reloading."));
            throw;
        }
    }

    /// <summary>
    /// Whether PostgreSQL itself refused the write (the server answered with an error, so its transaction rolled back
    /// and nothing was stored), as opposed to a write whose fate is unknown, such as a lost connection.
    /// </summary>
    public static bool RefusedByDatabase(Exception e) => e.InChain<Npgsql.PostgresException>() is not null;
}
