using Orleans.Storage;

namespace ActionLogement.Grains;

internal static class StateWrites
{
    /// <summary>
    /// Writes grain state. A write that failed or timed out leaves the stored etag unknown: the grain deactivates so
    /// the next call reloads from PostgreSQL instead of serving from memory, and the caller sees the error and retries.
    /// </summary>
    public static async Task WriteOrDeactivateAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
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
}
