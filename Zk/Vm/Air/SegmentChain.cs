namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The verifier's rules for joining segment statements into one run: the first starts at the image's entry with the
/// initial registers, each next one starts where the previous ended (pc, registers, input and output positions), only
/// the last one halts, and the segments are numbered 1, 2, … on one memory bus whose sums cancel. Each segment's proof
/// binds its own statement (public inputs, turned into public bus terms); these checks join the statements. Memory
/// joins through the bus across the proofs (docs/zkvm.md, "Memory between segments"): the sums cancel only when every
/// word a segment reads first holds the latest earlier write or the image's value.
/// </summary>
public static class SegmentChain
{
    /// <summary>Null when the boundaries form one run of the image, else the first problem in one line.</summary>
    public static string? Check(ProgramImage image, IReadOnlyList<SegmentBoundary> segments)
    {
        if (segments.Count == 0) return "no segments";
        var first = segments[0];
        if (first.StartPc != image.Entry) return $"segment 0 starts at 0x{first.StartPc:x8}, the entry is 0x{image.Entry:x8}";
        for (int r = 0; r < 32; r++)
        {
            uint expected = r == 2 ? image.Layout.MemoryTop : 0;
            if (first.StartRegisters[r] != expected) return $"segment 0 starts with x{r} = 0x{first.StartRegisters[r]:x8}, expected 0x{expected:x8}";
        }
        if (first.InputStart != 0 || first.OutputStart != 0 || first.StartCycle != 0) return "segment 0 does not start at cycle 0 and input and output position 0";
        for (int k = 0; k < segments.Count; k++)
        {
            var s = segments[k];
            if (s.Validate() is { } bad) return $"segment {k}: {bad}";
            if (!s.Input.AsSpan().SequenceEqual(first.Input)) return $"segment {k} was proven for another input";
            if (k > 0)
            {
                var p = segments[k - 1];
                if (p.Halted) return $"segment {k - 1} halts but is not the last";
                if (s.StartCycle != p.StartCycle + p.Cycles) return $"segment {k} starts at cycle {s.StartCycle}, segment {k - 1} ends at {p.StartCycle + p.Cycles}";
                if (s.StartPc != p.EndPc) return $"segment {k} starts at 0x{s.StartPc:x8}, segment {k - 1} ends at 0x{p.EndPc:x8}";
                if (!s.StartRegisters.AsSpan().SequenceEqual(p.EndRegisters)) return $"segment {k} starts with other registers than segment {k - 1} ends with";
                if (s.InputStart != p.InputEnd) return $"segment {k} reads input from {s.InputStart}, segment {k - 1} stopped at {p.InputEnd}";
                if (s.OutputStart != p.OutputEnd) return $"segment {k} writes output from {s.OutputStart}, segment {k - 1} stopped at {p.OutputEnd}";
            }
            if (s.Memory.Index != k + 1) return $"segment {k} is numbered {s.Memory.Index} on the memory bus, expected {k + 1}";
            if (s.Memory.Alpha != first.Memory.Alpha || s.Memory.Beta != first.Memory.Beta) return $"segment {k} uses other memory challenges than segment 0";
        }
        if (!segments[^1].Halted) return $"the last segment ({segments.Count - 1}) does not halt";
        var total = segments.Aggregate(Wsc.Zk.Field.Ext3.Zero, (a, s) => a + s.Memory.Total);
        if (!total.IsZero) return "the segments' memory sums do not cancel: a segment reads a word that is not the latest earlier write or the image's value";
        return null;
    }
}
