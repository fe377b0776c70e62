using Wsc.Chain;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Directories;

namespace Wsc.Grains.Storage;

/// <summary>Verifies a <see cref="RangeRead"/> (compute-side reads of programs and weights) with <see cref="RangeCheck"/>.</summary>
public static class RangeReadCheck
{
    /// <summary>Null when the range is proven against the owner-signed entry of the file asked for, else a one-line reason.</summary>
    public static string? Problem(RangeRead read, ulong chainId, string owner, string path)
    {
        var e = read.Entry;
        var write = new StorageWrite(e.ChainId, Address.Parse(e.Owner), StorageOp.Put, e.Path, e.Length, e.Roots.Select(Hex.Decode).ToList(), e.Nonce)
        {
            Grant = WriteCheck.ToPrefixGrant(e.Grant),
        };
        var segments = read.Segments.Select(s => new RangeProofSegment(s.Blob, s.FirstCell, s.Cells, s.Proof)).ToList();
        return RangeCheck.Problem(write, Hex.Decode(e.Signature), read.Offset, read.Bytes, segments, chainId, Address.Parse(owner), path);
    }
}
