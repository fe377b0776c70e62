namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The verifier's rules for joining segment statements into one run: the first starts at the image's entry with the
/// initial registers and memory, each next one starts where the previous ended (pc, registers, memory words, input and
/// output positions), and only the last one halts. Each segment's proof binds its own statement (public inputs, turned
/// into public bus terms); these checks join the statements.
/// </summary>
public static class SegmentChain
{
    /// <summary>Null when the boundaries form one run of the image, else the first problem in one line.</summary>
    public static string? Check(ProgramImage image, IReadOnlyList<SegmentBoundary> segments)
    {
        if (segments.Count == 0) return "no segments";
        var latest = new Dictionary<uint, uint>();
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
            foreach (var w in s.MemoryIn)
            {
                uint expected = latest.TryGetValue(w.Address, out var v) ? v : Initial(image, w.Address);
                if (w.Value != expected) return $"segment {k} starts word 0x{w.Address:x8} at 0x{w.Value:x8}, memory holds 0x{expected:x8}";
            }
            foreach (var w in s.MemoryOut) latest[w.Address] = w.Value;
        }
        if (!segments[^1].Halted) return $"the last segment ({segments.Count - 1}) does not halt";
        return null;
    }

    private static uint Initial(ProgramImage image, uint address)
    {
        long at = (long)address - image.ImageStart;
        return at >= 0 && at + 4 <= image.InitialImage.Length ? BitConverter.ToUInt32(image.InitialImage, (int)at) : 0;
    }
}
