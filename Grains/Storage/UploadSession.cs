using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Blobs;

namespace Wsc.Grains.Storage;

/// <summary>
/// The rules of one streamed put, once its signed write was checked: a part must be blobs at their positions in the
/// file, of their lengths, hashing to the roots the owner signed there; the put may be published only when every blob
/// has been stored.
/// </summary>
public sealed class UploadSession
{
    private readonly byte[][] _roots;
    private readonly bool[] _stored;
    private int _missing;

    /// <param name="write">A put whose roots are well formed (checked by <see cref="WriteCheck.Problem"/>).</param>
    public UploadSession(DirectoryWrite write)
    {
        Write = write;
        _roots = write.Roots.Select(r => Hex0x.Decode(r, 32, "blob root")).ToArray();
        _stored = new bool[_roots.Length];
        _missing = _roots.Length;
    }

    /// <summary>The signed write this session stores.</summary>
    public DirectoryWrite Write { get; }

    /// <summary>Blobs of the file not yet stored.</summary>
    public int Missing => _missing;

    /// <summary>Null when <paramref name="blobs"/> may be blobs <paramref name="firstBlob"/>.. of the file (positions and lengths); else why not.</summary>
    public string? PartProblem(int firstBlob, byte[][] blobs, int maxBlobs)
    {
        if (blobs is null || blobs.Length == 0 || blobs.Length > maxBlobs)
        {
            return $"put of {Write.Path}: a part of {blobs?.Length ?? 0} blobs: expected 1..{maxBlobs}";
        }
        if (firstBlob < 0 || firstBlob > _roots.Length - blobs.Length)
        {
            return $"put of {Write.Path}: blobs {firstBlob}..{firstBlob + blobs.Length - 1}: the signed write has blobs 0..{_roots.Length - 1}";
        }
        for (var k = 0; k < blobs.Length; k++)
        {
            var expected = BlobLayout.BlobLength(Write.Length, firstBlob + k);
            if (blobs[k] is null || blobs[k].Length != expected)
            {
                return $"put of {Write.Path}: blob {firstBlob + k} has {blobs[k]?.Length ?? 0} bytes: expected {expected}";
            }
        }
        return null;
    }

    /// <summary>Null when <paramref name="roots"/> (computed from a part's bytes) are the signed roots at their positions; else the first that is not.</summary>
    public string? RootProblem(int firstBlob, byte[][] roots)
    {
        for (var k = 0; k < roots.Length; k++)
        {
            if (!roots[k].AsSpan().SequenceEqual(_roots[firstBlob + k]))
            {
                return $"put of {Write.Path}: blob {firstBlob + k} hashes to {Hex0x.Encode(roots[k])}, the signed root is {Write.Roots[firstBlob + k]}";
            }
        }
        return null;
    }

    /// <summary>Records blobs <paramref name="firstBlob"/>.. (<paramref name="count"/>) as stored on all their replicas.</summary>
    public void MarkStored(int firstBlob, int count)
    {
        for (var i = firstBlob; i < firstBlob + count; i++)
        {
            if (!_stored[i])
            {
                _stored[i] = true;
                _missing--;
            }
        }
    }

    /// <summary>Null when every blob was stored; else the first missing one, as the refusal of an early commit.</summary>
    public string? MissingProblem()
    {
        if (_missing == 0)
        {
            return null;
        }
        var first = Array.IndexOf(_stored, false);
        return $"put of {Write.Path}: blob {first} of {_roots.Length} (and {_missing - 1} more) not uploaded yet: store every blob before committing";
    }
}
