using System.Runtime.InteropServices;

namespace MailComplaints.Storage;

/// <summary>Bytes as the providers bind them: a <c>byte[]</c>.</summary>
internal static class Blobs
{
    /// <summary>The array behind <paramref name="bytes"/> when they are all of it (they almost always are), else a copy.</summary>
    public static byte[] ToDatabase(this ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : bytes.ToArray();
}
