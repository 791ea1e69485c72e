using Npgsql;

namespace ActionLogement.Database;

/// <summary>
/// Positional parameters reused from one batch to the next. A contract write sends about thirty values, and a fresh
/// <see cref="NpgsqlParameter"/> for each (some 200 bytes apiece) was a third of everything the silo allocated, so
/// most of its collections. Npgsql resolves a parameter's type again whenever its value's type changes, and a
/// parameter may join another command once its own has let it go (<see cref="NpgsqlParameterCollection.Clear"/>).
/// </summary>
/// <remarks>
/// Only parameters whose type Npgsql infers from their value are kept: a typed one (a null, a payload) is created
/// each time, so a pooled parameter never carries a type meant for another value. A pooled parameter lives in the old
/// generation, and setting its value marks one card there for the next collection to scan; the pool holds no more
/// parameters than the batches in flight at once use, so that is a few thousand cards at most, against ~6 MB of
/// fresh parameters between two collections.
/// </remarks>
public sealed class ParameterPool
{
    // Beyond this, returned parameters are left to the GC: a burst does not keep its peak forever.
    private const int Kept = 16_384;

    private readonly Stack<NpgsqlParameter> _free = new();
    private readonly Lock _lock = new();

    /// <summary>Adds <paramref name="values"/> as <see cref="NpgsqlExtensions.AddValues"/> does, from the pool.</summary>
    public void AddValues(NpgsqlParameterCollection parameters, IEnumerable<object?> values)
    {
        foreach (var value in values)
        {
            Add(parameters, value);
        }
    }

    /// <summary>One value whose type Npgsql infers (a pooled parameter), or an untyped NULL.</summary>
    public void Add(NpgsqlParameterCollection parameters, object? value)
    {
        if (value is null)
        {
            parameters.Add(NpgsqlExtensions.UntypedNull());
            return;
        }

        NpgsqlParameter? parameter;
        lock (_lock)
        {
            _free.TryPop(out parameter);
        }

        parameter ??= new NpgsqlParameter();
        parameter.Value = value;
        parameters.Add(parameter);
    }

    /// <summary>
    /// Takes back the parameters of a batch that is over, its values cleared so that the pool keeps no payload or
    /// string alive. Call it only once the batch's reader is disposed: Npgsql no longer reads them then.
    /// </summary>
    public void Return(NpgsqlBatch batch)
    {
        lock (_lock)
        {
            for (var c = 0; c < batch.BatchCommands.Count; c++)
            {
                var command = batch.BatchCommands[c];
                for (var i = 0; i < command.Parameters.Count; i++)
                {
                    var parameter = command.Parameters[i];
                    if (parameter.Value is not (null or DBNull or ReadOnlyMemory<byte>) && _free.Count < Kept)
                    {
                        parameter.Value = null;
                        _free.Push(parameter);
                    }
                }

                command.Parameters.Clear();
            }
        }
    }
}
