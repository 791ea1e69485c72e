using ActionLogement.Grains.Abstractions;
using Npgsql;
using Orleans.Concurrency;

namespace ActionLogement.Grains.Numbers;

/// <summary>
/// Business numbers come from PostgreSQL sequences, so they stay unique across silos and restarts. Each activation
/// keeps a small block in memory; numbers of a block lost in a crash are simply never used (gaps are harmless).
/// </summary>
[StatelessWorker]
public sealed class NumberAllocatorGrain(NpgsqlDataSource database) : Grain, INumberAllocatorGrain
{
    private const int BlockSize = 64;
    private readonly Dictionary<NumberKind, Queue<long>> _blocks = [];

    public async Task<string> Next(NumberKind kind) => (await NextMany(kind, 1))[0];

    public async Task<IReadOnlyList<string>> NextMany(NumberKind kind, int count)
    {
        if (!_blocks.TryGetValue(kind, out var block))
        {
            _blocks[kind] = block = new Queue<long>();
        }

        if (block.Count < count)
        {
            foreach (var value in await ReserveAsync(kind, Math.Max(BlockSize, count - block.Count)))
            {
                block.Enqueue(value);
            }
        }

        var numbers = new string[count];
        for (var i = 0; i < count; i++)
        {
            numbers[i] = Format(kind, block.Dequeue());
        }

        return numbers;
    }

    public static string Format(NumberKind kind, long value) => kind switch
    {
        NumberKind.Visa => VisaNumber.Format(value),
        NumberKind.Contract => ContractNumber.Format(value),
        _ => $"P-{value:D10}",
    };

    private async Task<List<long>> ReserveAsync(NumberKind kind, int count)
    {
        var sequence = kind switch
        {
            NumberKind.Visa => "visa_number_seq",
            NumberKind.Contract => "contract_number_seq",
            _ => "payout_number_seq",
        };
        await using var command = database.CreateCommand($"SELECT nextval('{sequence}') FROM generate_series(1, $1)");
        command.Parameters.AddWithValue(count);
        var values = new List<long>(count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }
}
