using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The memory side of a run planned before any proof (docs/zkvm.md, "Memory between segments"): per segment the rows of its boundary table, each word it touches with its value in and out and the
/// last earlier segment that touched it (0: the initial memory); and the footprint, every touched word's final value
/// and last segment, split into image words and words at or above the image's end. Segment i (1-based) receives
/// (address, in, prev) and sends (address, out, i); the footprint sends (address, initial, 0) and receives (address,
/// final, last), so over a consistent run the terms cancel.
/// </summary>
public sealed class MemoryPlan
{
    /// <summary>One boundary row of a segment.</summary>
    public readonly record struct Row(uint Address, uint In, uint Out, uint Prev);

    /// <summary>Per segment (index 0 is segment 1), its rows in address order.</summary>
    public IReadOnlyList<Row[]> Segments { get; }

    /// <summary>Image words the run touched: final value and last segment.</summary>
    public IReadOnlyDictionary<uint, (uint Value, uint Last)> ImageFinals { get; }

    /// <summary>Words at or above the image's end the run touched: (address, final, last), in address order.</summary>
    public IReadOnlyList<(uint Address, uint Final, uint Last)> HeapFinals { get; }

    private MemoryPlan(Row[][] segments, Dictionary<uint, (uint, uint)> image, List<(uint, uint, uint)> heap)
    {
        Segments = segments;
        ImageFinals = image;
        HeapFinals = heap;
    }

    /// <summary>The plan of a traced run's segments (their MemoryIn/MemoryOut, as the executor records them).</summary>
    public static MemoryPlan Of(ProgramImage image, IReadOnlyList<TraceSegment> segments)
    {
        var last = new Dictionary<uint, uint>();
        var final = new Dictionary<uint, uint>();
        var rows = new Row[segments.Count][];
        for (int k = 0; k < segments.Count; k++)
        {
            var s = segments[k];
            if (s.MemoryIn.Length != s.MemoryOut.Length) throw new ArgumentException($"segment {k}: MemoryIn and MemoryOut list different words", nameof(segments));
            uint index = (uint)(k + 1);
            rows[k] = new Row[s.MemoryIn.Length];
            for (int j = 0; j < s.MemoryIn.Length; j++)
            {
                uint a = s.MemoryIn[j].Address;
                if (s.MemoryOut[j].Address != a) throw new ArgumentException($"segment {k}: word {j} has two addresses", nameof(segments));
                rows[k][j] = new Row(a, s.MemoryIn[j].Value, s.MemoryOut[j].Value, last.GetValueOrDefault(a));
                last[a] = index;
                final[a] = s.MemoryOut[j].Value;
            }
        }
        var imageFinals = new Dictionary<uint, (uint, uint)>();
        var heap = new List<(uint, uint, uint)>();
        foreach (var a in final.Keys.Order())
        {
            if (a >= image.ImageStart && a < image.ImageEnd) imageFinals[a] = (final[a], last[a]);
            else if (a >= image.ImageEnd) heap.Add((a, final[a], last[a]));
            else throw new ArgumentException($"word 0x{a:x8} lies below the image (0x{image.ImageStart:x8}): the AIR refuses such accesses", nameof(segments));
        }
        return new MemoryPlan(rows, imageFinals, heap);
    }

    /// <summary>Segment k's (0-based) sum on the bus: Σ −1/(α − fp(a, in, prev)) + 1/(α − fp(a, out, k + 1)).</summary>
    public Ext3 SegmentSum(int k, Ext3 alpha, Ext3 beta)
    {
        var s = Ext3.Zero;
        foreach (var r in Segments[k])
        {
            s += CrossProofSum.Fraction(false, 1, r.Address, r.In, r.Prev, alpha, beta);
            s += CrossProofSum.Fraction(true, 1, r.Address, r.Out, (ulong)(k + 1), alpha, beta);
        }
        return s;
    }
}
