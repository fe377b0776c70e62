using Wsc.Zk.Field;
using Wsc.Zk.Fri;

namespace Wsc.Zk.Stark;

/// <summary>
/// A STARK proof for an <see cref="Air.AirSystem"/>. Tables are grouped by height (tallest first, see
/// <see cref="HeightGroups"/>). Each phase (preprocessed, statement, main, auxiliary, composition) commits all groups that have
/// columns in it in one multi-height Merkle tree (<see cref="Crypto.MultiHeightMerkleTree"/>) with one opening. Also
/// the bus sums, out-of-domain values, FRI, proof-of-work nonce. Binary form: <see cref="Encode"/>.
/// </summary>
public sealed record StarkProof(
    ProofOptions Options,
    int[] LogHeights,
    byte[]? PreprocessedRoot,
    byte[] MainRoot,
    byte[]? AuxRoot,
    Ext3[] BusSums,
    byte[] CompositionRoot,
    Ext3[] OodValues,
    FriProof Fri,
    ulong PowNonce,
    MultiHeightOpening? PreprocessedOpening,
    MultiHeightOpening MainOpening,
    MultiHeightOpening? AuxOpening,
    MultiHeightOpening CompositionOpening,
    byte[]? StatementRoot = null,
    MultiHeightOpening? StatementOpening = null)
{
    /// <summary>
    /// The serialization format version written after the magic (4: one multi-height tree per phase; 5: the statement
    /// tree's optional root and opening, after the preprocessed ones; 6: Merkle trees hashed with keyed BLAKE3 instead
    /// of tagged SHA-256). The transcript absorbs it, so the hash is part of what the challenges bind.
    /// </summary>
    public const ushort FormatVersion = 6;

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
        w.OptionalDigest(PreprocessedRoot);
        w.OptionalDigest(StatementRoot);
        w.Digest(MainRoot);
        w.OptionalDigest(AuxRoot);
        w.Exts(BusSums);
        w.Digest(CompositionRoot);
        w.Exts(OodValues);
        w.U32((uint)Fri.LayerRoots.Length);
        foreach (var r in Fri.LayerRoots) w.Digest(r);
        w.Exts(Fri.Remainder);
        w.U64(PowNonce);
        WriteOptionalOpening(w, PreprocessedOpening);
        WriteOptionalOpening(w, StatementOpening);
        WriteOpening(w, MainOpening);
        WriteOptionalOpening(w, AuxOpening);
        WriteOpening(w, CompositionOpening);
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

    private static void WriteOpening(ProofWriter w, MultiHeightOpening o)
    {
        w.U32((uint)o.Rows.Length);
        foreach (var rows in o.Rows) w.Felts(rows);
        w.Digests(o.Siblings);
    }

    private static void WriteOptionalOpening(ProofWriter w, MultiHeightOpening? o)
    {
        w.Byte(o is null ? (byte)0 : (byte)1);
        if (o is not null) WriteOpening(w, o);
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
        var prepRoot = r.ReadOptionalDigest("preprocessed root");
        var stmtRoot = r.ReadOptionalDigest("statement root");
        var mainRoot = r.ReadDigest("main root");
        var auxRoot = r.ReadOptionalDigest("auxiliary root");
        var busSums = r.ReadExts("bus sums");
        var compRoot = r.ReadDigest("composition root");
        var ood = r.ReadExts("out-of-domain values");
        int layers = r.ReadCount("FRI layer roots", 32);
        var roots = new byte[layers][];
        for (int i = 0; i < layers; i++) roots[i] = r.ReadDigest("FRI layer root");
        var remainder = r.ReadExts("FRI remainder");
        ulong nonce = r.ReadU64("proof-of-work nonce");
        var prepOpen = ReadOptionalOpening(ref r, "preprocessed opening");
        var stmtOpen = ReadOptionalOpening(ref r, "statement opening");
        var mainOpen = ReadOpening(ref r, "main opening");
        var auxOpen = ReadOptionalOpening(ref r, "auxiliary opening");
        var compOpen = ReadOpening(ref r, "composition opening");
        int friOpenings = r.ReadCount("FRI openings", 8);
        var fo = new FriLayerOpening[friOpenings];
        for (int i = 0; i < friOpenings; i++) fo[i] = new FriLayerOpening(r.ReadExts("FRI layer values"), r.ReadDigests("FRI layer siblings"));
        r.ExpectEnd();
        return new StarkProof(options, heights, prepRoot, mainRoot, auxRoot, busSums, compRoot, ood,
            new FriProof(roots, remainder, fo), nonce, prepOpen, mainOpen, auxOpen, compOpen, stmtRoot, stmtOpen);
    }

    private static MultiHeightOpening ReadOpening(ref ProofReader r, string field)
    {
        int matrices = r.ReadCount(field + " matrices", 4);
        if (matrices == 0) throw new ProofFormatException($"proof: {field} opens no matrix");
        var rows = new ulong[matrices][];
        for (int m = 0; m < matrices; m++) rows[m] = r.ReadFelts(field + " rows");
        return new MultiHeightOpening(rows, r.ReadDigests(field + " siblings"));
    }

    private static MultiHeightOpening? ReadOptionalOpening(ref ProofReader r, string field)
    {
        byte flag = r.ReadByte(field + " presence");
        if (flag > 1) throw new ProofFormatException($"proof: {field} presence flag must be 0 or 1, got {flag}");
        return flag == 1 ? ReadOpening(ref r, field) : null;
    }
}
