using Npgsql;

namespace ActionLogement.Grains.Contracts;

/// <summary>
/// Activations under one partner reference, one at a time. Each first reserves the reference for its contract number
/// (<c>partner_refs</c>, committed at once), then activates, and gives the reservation back if refused. A file's rows
/// write their references in their batch's transaction, so a row and a single activation of one reference cannot both
/// take it: whichever writes second finds it taken. Holds nothing between calls.
/// </summary>
public sealed class PartnerReferenceGrain(NpgsqlDataSource database) : Grain, IPartnerReferenceGrain
{
    public async Task<ReferencedActivation> Activate(string contractNumber, ActivateContract command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command is not { AgentId: { } partner, ExternalRef: { } reference })
        {
            throw new ArgumentException("An activation under a partner reference names the partner and the reference.", nameof(command));
        }

        if (await ReserveAsync(partner, reference, contractNumber) is { } taken)
        {
            // Taken by this very request, under another number, before its answer was lost: that contract.
            return command.Key is { } key && await GrainFactory.GetGrain<IContractGrain>(taken).ActivatedUnder(key) is { } first
                ? new ReferencedActivation(null, new ActivationOutcome(first, [], false))
                : new ReferencedActivation(taken, null);
        }

        var outcome = await GrainFactory.GetGrain<IContractGrain>(contractNumber).Activate(command);
        if (outcome.Contract is null)
        {
            await ReleaseAsync(partner, reference, contractNumber);
        }

        return new ReferencedActivation(null, outcome);
    }

    /// <summary>Reserves the reference for <paramref name="contractNumber"/>; the contract that holds it otherwise.</summary>
    private async Task<string?> ReserveAsync(string partner, string reference, string contractNumber)
    {
        // One statement: the reservation, or the take-over of one whose contract was never stored (its activation
        // stopped in between: a crash, a timeout). None can still be under way, since activations under this reference
        // take turns here; a file row's reference always comes with its contract.
        await using var command = database.CreateCommand("""
            INSERT INTO partner_refs AS r (partner_id, external_ref, contract_number) VALUES ($1, $2, $3)
            ON CONFLICT (partner_id, external_ref) DO UPDATE SET contract_number = EXCLUDED.contract_number
            WHERE NOT EXISTS (SELECT 1 FROM contracts_view c WHERE c.contract_number = r.contract_number)
            """);
        command.Parameters.AddWithValue(partner);
        command.Parameters.AddWithValue(reference);
        command.Parameters.AddWithValue(contractNumber);
        if (await command.ExecuteNonQueryAsync() == 1)
        {
            return null;
        }

        await using var holder = database.CreateCommand("SELECT contract_number FROM partner_refs WHERE partner_id = $1 AND external_ref = $2");
        holder.Parameters.AddWithValue(partner);
        holder.Parameters.AddWithValue(reference);
        return await holder.ExecuteScalarAsync() as string
            ?? throw new InvalidOperationException("A partner reference was neither free nor held: it was released during its reservation.");
    }

    private async Task ReleaseAsync(string partner, string reference, string contractNumber)
    {
        await using var command = database.CreateCommand(
            "DELETE FROM partner_refs WHERE partner_id = $1 AND external_ref = $2 AND contract_number = $3");
        command.Parameters.AddWithValue(partner);
        command.Parameters.AddWithValue(reference);
        command.Parameters.AddWithValue(contractNumber);
        await command.ExecuteNonQueryAsync();
    }
}
