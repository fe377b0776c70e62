using Wsc.Chain;
using Wsc.Storage.Blobs;

namespace Wsc.Storage.Directories;

/// <summary>What a client checks about a file it read, without trusting the cluster: the owner's signature and the roots.</summary>
public static class FileCheck
{
    /// <summary>
    /// Null when <paramref name="bytes"/> are exactly what <paramref name="write"/> commits to, the owner signed it, and
    /// it is the file asked for (<paramref name="chainId"/>, <paramref name="owner"/>, <paramref name="path"/>); else why not.
    /// </summary>
    public static string? Problem(StorageWrite write, ReadOnlySpan<byte> signature, ReadOnlyMemory<byte> bytes, ulong chainId, Address owner, string path)
    {
        if (write.NotTheFileAskedFor(chainId, owner, path) is string asked)
        {
            return asked;
        }
        if (write.SignatureProblem(signature) is string s)
        {
            return s;
        }
        if (bytes.Length != write.Bytes)
        {
            return $"{write.Path}: read {bytes.Length} bytes, the signed entry says {write.Bytes}";
        }
        var roots = FileBlobs.Roots(bytes);
        if (roots.Length != write.Roots.Count)
        {
            return $"{write.Path}: {roots.Length} blobs, the signed entry has {write.Roots.Count} roots";
        }
        for (var i = 0; i < roots.Length; i++)
        {
            if (!roots[i].AsSpan().SequenceEqual(write.Roots[i]))
            {
                return $"{write.Path}: blob {i} hashes to {Hex.Encode(roots[i])}, the signed root is {Hex.Encode(write.Roots[i])}";
            }
        }
        return null;
    }
}
