using Wsc.Zk.Field;
using Wsc.Zk.Fri;

namespace Wsc.Zk.Stark;

/// <summary>
/// A STARK proof for an <see cref="Air.AirSystem"/>. Tables are grouped by height (tallest first, see
/// <see cref="HeightGroups"/>); each group has its own commitments per phase (preprocessed, main, auxiliary,
/// composition) and openings. Also the bus sums, out-of-domain values, FRI, proof-of-work nonce. Binary form:
/// <see cref="Encode"/>.
/// </summary>
public sealed record StarkProof(
    ProofOptions Options,
    int[] LogHeights,
    byte[]?[] PreprocessedRoots,
    byte[][] MainRoots,
    byte[]?[] AuxRoots,
    Ext3[] BusSums,
    byte[][] CompositionRoots,
    Ext3[] OodValues,
    FriProof Fri,
    ulong PowNonce,
    TreeOpening?[] PreprocessedOpenings,
    TreeOpening[] MainOpenings,
    TreeOpening?[] AuxOpenings,
    TreeOpening[] CompositionOpenings)
{
    /// <summary>The serialization format version written after the magic.</summary>
    public const ushort FormatVersion = 3;

    private static ReadOnlySpan<byte> Magic => "WSCSTARK"u8;

    /// <summary>Versioned binary encoding: magic, version, then every field length-prefixed where variable.</summary>
    public byte[] Encode()
    {
        var w = new ProofWriter();
        foreach (var b in Magic) w.Byte(b);
        w.U16(FormatVersion);
        WriteOptions(w, Options);
        w.U32((uint)LogHeights.Length);
        foreach (var h in LogHeights) w.Byte((byte)h);
        foreach (var r in PreprocessedRoots) w.OptionalDigest(r);
        foreach (var r in MainRoots) w.Digest(r);
        foreach (var r in AuxRoots) w.OptionalDigest(r);
        w.Exts(BusSums);
        foreach (var r in CompositionRoots) w.Digest(r);
        w.Exts(OodValues);
        w.U32((uint)Fri.LayerRoots.Length);
        foreach (var r in Fri.LayerRoots) w.Digest(r);
        w.Exts(Fri.Remainder);
        w.U64(PowNonce);
        for (int g = 0; g < MainRoots.Length; g++)
        {
            WriteOpening(w, PreprocessedOpenings[g]);
            WriteOpening(w, MainOpenings[g]);
            WriteOpening(w, AuxOpenings[g]);
            WriteOpening(w, CompositionOpenings[g]);
        }
        w.U32((uint)Fri.Openings.Length);
        foreach (var o in Fri.Openings)
        {
            w.Exts(o.Values);
            w.Digests(o.Siblings);
        }
        return w.ToArray();
    }

    internal static void WriteOptions(ProofWriter w, ProofOptions o)
    {
        w.Byte((byte)o.Blowup);
        w.U16((ushort)o.Queries);
        w.Byte((byte)o.GrindingBits);
        w.Byte((byte)o.FoldingFactor);
        w.U16((ushort)o.RemainderSize);
    }

    internal static ProofOptions ReadOptions(ref ProofReader r, string what)
    {
        var options = new ProofOptions(r.ReadByte("blowup"), r.ReadU16("queries"), r.ReadByte("grinding bits"), r.ReadByte("folding factor"), r.ReadU16("remainder size"));
        if (options.Validate() is { } bad) throw new ProofFormatException($"{what}: options: {bad}");
        return options;
    }

    private static void WriteOpening(ProofWriter w, TreeOpening? o)
    {
        w.Byte(o is null ? (byte)0 : (byte)1);
        if (o is null) return;
        w.Felts(o.Rows);
        w.Digests(o.Siblings);
    }

    /// <summary>Parses a proof; throws <see cref="ProofFormatException"/> naming the offending field on any malformed input.</summary>
    public static StarkProof Decode(ReadOnlySpan<byte> data)
    {
        var r = new ProofReader(data);
        if (data.Length < Magic.Length || !data[..Magic.Length].SequenceEqual(Magic))
            throw new ProofFormatException("proof: bad magic, expected the bytes 'WSCSTARK' (this is not a wsc STARK proof)");
        for (int i = 0; i < Magic.Length; i++) r.ReadByte("magic");
        ushort version = r.ReadU16("version");
        if (version != FormatVersion) throw new ProofFormatException($"proof: unsupported format version {version}, expected {FormatVersion}");
        var options = ReadOptions(ref r, "proof");
        int tables = r.ReadCount("tables", 1);
        if (tables == 0) throw new ProofFormatException("proof: table count must be at least 1");
        var heights = new int[tables];
        for (int i = 0; i < tables; i++)
        {
            heights[i] = r.ReadByte("log height");
            // The verifying key narrows this further before any work depends on the claim.
            if (heights[i] is < 1 or > VerifyingKey.MaxLogLde) throw new ProofFormatException($"proof: table {i} log height {heights[i]} outside 1..{VerifyingKey.MaxLogLde}");
        }
        int groups = HeightGroups.CountOf(heights);
        var prepRoots = new byte[]?[groups];
        var mainRoots = new byte[groups][];
        var auxRoots = new byte[]?[groups];
        var compRoots = new byte[groups][];
        for (int g = 0; g < groups; g++) prepRoots[g] = r.ReadOptionalDigest("preprocessed root");
        for (int g = 0; g < groups; g++) mainRoots[g] = r.ReadDigest("main root");
        for (int g = 0; g < groups; g++) auxRoots[g] = r.ReadOptionalDigest("auxiliary root");
        var busSums = r.ReadExts("bus sums");
        for (int g = 0; g < groups; g++) compRoots[g] = r.ReadDigest("composition root");
        var ood = r.ReadExts("out-of-domain values");
        int layers = r.ReadCount("FRI layer roots", 32);
        var roots = new byte[layers][];
        for (int i = 0; i < layers; i++) roots[i] = r.ReadDigest("FRI layer root");
        var remainder = r.ReadExts("FRI remainder");
        ulong nonce = r.ReadU64("proof-of-work nonce");
        var prepOpen = new TreeOpening?[groups];
        var mainOpen = new TreeOpening[groups];
        var auxOpen = new TreeOpening?[groups];
        var compOpen = new TreeOpening[groups];
        for (int g = 0; g < groups; g++)
        {
            prepOpen[g] = ReadOpening(ref r, "preprocessed opening");
            mainOpen[g] = ReadOpening(ref r, "main opening") ?? throw new ProofFormatException("proof: main opening is missing");
            auxOpen[g] = ReadOpening(ref r, "auxiliary opening");
            compOpen[g] = ReadOpening(ref r, "composition opening") ?? throw new ProofFormatException("proof: composition opening is missing");
        }
        int friOpenings = r.ReadCount("FRI openings", 8);
        var fo = new FriLayerOpening[friOpenings];
        for (int i = 0; i < friOpenings; i++) fo[i] = new FriLayerOpening(r.ReadExts("FRI layer values"), r.ReadDigests("FRI layer siblings"));
        r.ExpectEnd();
        return new StarkProof(options, heights, prepRoots, mainRoots, auxRoots, busSums, compRoots, ood,
            new FriProof(roots, remainder, fo), nonce, prepOpen, mainOpen, auxOpen, compOpen);
    }

    private static TreeOpening? ReadOpening(ref ProofReader r, string field)
    {
        byte flag = r.ReadByte(field + " presence");
        if (flag > 1) throw new ProofFormatException($"proof: {field} presence flag must be 0 or 1, got {flag}");
        if (flag == 0) return null;
        return new TreeOpening(r.ReadFelts(field + " rows"), r.ReadDigests(field + " siblings"));
    }
}
