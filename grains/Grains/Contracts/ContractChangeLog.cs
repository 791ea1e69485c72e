using ActionLogement.Grains.Storage;
using Npgsql;

namespace ActionLogement.Grains.Contracts;

/// <summary>
/// The rows of <c>contract_changes</c>: each appended in the statement of the contract write that made it (see
/// <see cref="ReadModels.ReadModelWriter.Contract"/>), all read back when the contract is activated.
/// </summary>
public sealed class ContractChangeLog(NpgsqlDataSource database, GrainStateStore states)
{
    public byte[] Serialize(ContractChange change) => states.Serialize(change);

    /// <summary>
    /// The rows written up to the state of <paramref name="version"/>, in order. A state counts its rows: one missing
    /// would silently drop payouts, so it stops the activation instead.
    /// </summary>
    public async Task<List<ContractChange>> ReadAsync(string contractNumber, int version, int count)
    {
        await using var command = database.CreateCommand(
            "SELECT payload FROM contract_changes WHERE contract_number = $1 AND version <= $2 ORDER BY version");
        command.Parameters.AddWithValue(contractNumber);
        command.Parameters.AddWithValue(version);
        var changes = new List<ContractChange>(count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            changes.Add(states.Deserialize<ContractChange>(reader.GetFieldValue<byte[]>(0)));
        }

        return changes.Count == count
            ? changes
            : throw new InvalidDataException($"Contract {contractNumber}'s state counts {count} change rows; {changes.Count} found.");
    }
}
