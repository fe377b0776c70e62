using Wsc.Storage.Masking;
using Wsc.Storage.Merkle;

namespace Wsc.Storage.Sampling;

/// <summary>Checks answered samples: unmask with the replica's keystream, then the Merkle path against the blob root.</summary>
public static class SampleVerifier
{
    /// <summary>True when <paramref name="sample"/> is a correct cell of the blob for replica on <paramref name="shard"/>.</summary>
    public static bool Verify(CellSample sample, int shard)
    {
        if (sample.MaskedCell.Length != 32 || sample.Root.Length != 32 || sample.Cell < 0)
        {
            return false;
        }
        Span<byte> cell = stackalloc byte[32];
        sample.MaskedCell.CopyTo(cell);
        ReplicaMask.Apply(sample.Root, shard, sample.Replica, cell, (long)sample.Cell * 32);
        return CellMerkle.Verify(sample.Root, sample.Length, sample.Cell, cell, sample.Path);
    }

    /// <summary>
    /// Checks a shard's answer to the tick challenge: a shard holding blobs must answer exactly
    /// <paramref name="expected"/> draws; draw j must name entry <paramref name="entries"/>[e] and the drawn cell, and
    /// every sample must verify (a null sample is a cell the shard could not produce). Returns the failing draws;
    /// draws not answered count as failed.
    /// </summary>
    public static IReadOnlyList<int> Check(ReadOnlySpan<byte> blockHash, int shard, IReadOnlyList<(byte[] Root, int Replica, int Length)> entries, IReadOnlyList<CellSample?> samples, int expected)
    {
        var failed = CheckSeeded(SampleChallenge.Seed(blockHash, shard), shard, entries, samples);
        if (entries.Count == 0 || samples.Count == expected)
        {
            return failed;
        }
        // Short answers fail their missing draws; extra answers (already checked above) fail too.
        var all = new List<int>(failed);
        for (var j = samples.Count; j < expected; j++)
        {
            all.Add(j);
        }
        for (var j = expected; j < samples.Count; j++)
        {
            if (!all.Contains(j))
            {
                all.Add(j);
            }
        }
        return all;
    }

    /// <summary>As <see cref="Check"/> for draws from an explicit seed (a client's fresh challenge on one replica).</summary>
    public static IReadOnlyList<int> CheckSeeded(byte[] seed, int shard, IReadOnlyList<(byte[] Root, int Replica, int Length)> entries, IReadOnlyList<CellSample?> samples)
    {
        var failed = new List<int>();
        if (entries.Count == 0)
        {
            failed.AddRange(Enumerable.Range(0, samples.Count));
            return failed;
        }
        for (var j = 0; j < samples.Count; j++)
        {
            var (entry, selector) = SampleChallenge.Draw(seed, j, entries.Count);
            var e = entries[entry];
            var s = samples[j];
            if (s is null || !s.Root.AsSpan().SequenceEqual(e.Root) || s.Replica != e.Replica || s.Length != e.Length
                || s.Cell != SampleChallenge.Cell(selector, e.Length) || !Verify(s, shard))
            {
                failed.Add(j);
            }
        }
        return failed;
    }
}
