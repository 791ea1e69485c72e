using Npgsql;

namespace ActionLogement.Grains.Contracts;

/// <summary>
/// Activations under one partner reference, one at a time: each looks the reference up, then activates, and the
/// contract's write records the reference (<c>partner_refs</c>) before the next one looks. Holds nothing between calls.
/// A file's rows do not pass here: the bulk job records their references itself.
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

        if (await ContractOfAsync(partner, reference) is { } taken)
        {
            return new ReferencedActivation(taken, null);
        }

        return new ReferencedActivation(null, await GrainFactory.GetGrain<IContractGrain>(contractNumber).Activate(command));
    }

    private async Task<string?> ContractOfAsync(string partner, string reference)
    {
        await using var command = database.CreateCommand("SELECT contract_number FROM partner_refs WHERE partner_id = $1 AND external_ref = $2");
        command.Parameters.AddWithValue(partner);
        command.Parameters.AddWithValue(reference);
        return await command.ExecuteScalarAsync() as string;
    }
}
