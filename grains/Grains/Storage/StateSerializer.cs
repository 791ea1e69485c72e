using System.Buffers;
using System.Runtime.InteropServices;
using Orleans.Serialization;
using Orleans.Storage;

namespace ActionLogement.Grains.Storage;

/// <summary>
/// Orleans' binary grain-state serialization, byte for byte what <see cref="OrleansGrainStorageSerializer"/> writes,
/// without its garbage: that one grows a fresh buffer by doubling for every state (about four times the state's size
/// allocated per write, the silo's largest source of collections under load). Here each thread reuses one buffer, and
/// a write allocates only its exact-size payload, or nothing when it takes a pooled array (<see cref="SerializeRented{T}"/>).
/// </summary>
public sealed class StateSerializer(Serializer serializer) : IGrainStorageSerializer
{
    // A buffer that grew past this is dropped after use rather than kept by its thread for good.
    private const int KeptBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public BinaryData Serialize<T>(T? value) => new(Serialized(value, static bytes => bytes.ToArray()));

    /// <summary>
    /// The same bytes in an array rented from the shared pool, for a write that hands it back once it is over: then a
    /// grain write allocates no payload of its own (payloads were an eighth of what the silo allocated).
    /// </summary>
    public RentedPayload SerializeRented<T>(T? value) => Serialized(value, static bytes =>
    {
        var array = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(array);
        return new RentedPayload(array, bytes.Length);
    });

    private TResult Serialized<T, TResult>(T? value, Func<ReadOnlySpan<byte>, TResult> take)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            serializer.Serialize(value, buffer);
            return take(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    public T? Deserialize<T>(BinaryData input) => serializer.Deserialize<T>(input.ToMemory());

    /// <summary>The payload's own array when it is one whole array (as <see cref="Serialize{T}"/> makes), else a copy.</summary>
    public static byte[] ToArray(BinaryData data) =>
        MemoryMarshal.TryGetArray(data.ToMemory(), out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();
}

/// <summary>A serialized state in a pooled array: <see cref="Bytes"/> until <see cref="Return"/> gives the array back.</summary>
public readonly record struct RentedPayload(byte[] Array, int Length)
{
    public ReadOnlyMemory<byte> Bytes => Array.AsMemory(0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Array);
}
