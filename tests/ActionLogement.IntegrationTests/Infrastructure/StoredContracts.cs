using ActionLogement.Grains.Contracts;
using ActionLogement.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace ActionLogement.IntegrationTests.Infrastructure;

/// <summary>A contract as PostgreSQL holds it: its state row and its rows of <c>contract_changes</c>, read straight from the tables.</summary>
public static class StoredContracts
{
    public static readonly StateSerializer Serializer =
        new(new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>());

    public static async Task<ContractState> StateAsync(string number) =>
        Serializer.Deserialize<ContractState>(new BinaryData((await TestDatabase.ScalarAsync<byte[]>(
            "SELECT payload FROM grain_state WHERE grain_type = 'contract' AND grain_key = $1", number))!))!;

    public static async Task<List<ContractChange>> ChangesAsync(string number)
    {
        await using var connection = new NpgsqlConnection(await TestDatabase.GetConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payload FROM contract_changes WHERE contract_number = $1 ORDER BY version", connection);
        command.Parameters.AddWithValue(number);
        var changes = new List<ContractChange>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            changes.Add(Serializer.Deserialize<ContractChange>(new BinaryData(reader.GetFieldValue<byte[]>(0)))!);
        }

        return changes;
    }
}
