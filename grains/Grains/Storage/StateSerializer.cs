using System.Buffers;
using System.Runtime.InteropServices;
using Orleans.Serialization;
using Orleans.Storage;

namespace ActionLogement.Grains.Storage;

/// <summary>
/// Orleans' binary grain-state serialization, byte for byte what <see cref="OrleansGrainStorageSerializer"/> writes,
/// without its garbage: that one grows a fresh buffer by doubling for every state (about four times the state's size
/// allocated per write, the silo's largest source of collections under load). Here each thread reuses one buffer and
/// a write allocates only its exact-size payload.
/// </summary>
public sealed class StateSerializer(Serializer serializer) : IGrainStorageSerializer
{
    // A buffer that grew past this is dropped after use rather than kept by its thread for good.
    private const int KeptBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public BinaryData Serialize<T>(T? value)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            serializer.Serialize(value, buffer);
            return new BinaryData(buffer.WrittenSpan.ToArray());
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
