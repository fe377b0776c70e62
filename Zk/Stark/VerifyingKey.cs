using Wsc.Zk.Air;

namespace Wsc.Zk.Stark;

/// <summary>
/// What a verifier needs beyond the AIR, derived once (<c>VerifyingKey.Create</c>, prover-side code) and cached or
/// shipped as bytes (<see cref="Encode"/>): the AIR's digest, the proof options, the heights each table may have, and
/// the one multi-height commitment to the preprocessed columns (tables with them have fixed heights). A proof outside
/// these heights is refused before the verifier does any work proportional to its claim.
/// </summary>
public sealed partial class VerifyingKey
{
    /// <summary>
    /// The serialization format version written after the magic (2: one multi-height preprocessed root; 3: AIR digests
    /// of version 2, which bind each table's statement width, so keys made before are refused by version, not digest;
    /// 4: the preprocessed root hashed with keyed BLAKE3).
    /// </summary>
    public const ushort FormatVersion = 4;

    private static ReadOnlySpan<byte> Magic => "WSCSTVKY"u8;

    private readonly byte[] _airDigest;
    private readonly HeightRange[] _heights;
    private readonly int[] _preprocessedHeights;
    private readonly byte[]? _preprocessedRoot;

    /// <summary><see cref="Stark.AirDigest"/> of the AIR the key was made for.</summary>
    public byte[] AirDigest => (byte[])_airDigest.Clone();

    public ProofOptions Options { get; }

    /// <summary>Per table, the heights a proof may claim.</summary>
    public IReadOnlyList<HeightRange> Heights => _heights;

    /// <summary>Log2 heights of the tables with preprocessed columns, tallest first (empty without preprocessed columns).</summary>
    public IReadOnlyList<int> PreprocessedHeights => _preprocessedHeights;

    private VerifyingKey(byte[] airDigest, ProofOptions options, HeightRange[] heights, int[] preprocessedHeights, byte[]? preprocessedRoot)
    {
        _airDigest = airDigest;
        Options = options;
        _heights = heights;
        _preprocessedHeights = preprocessedHeights;
        _preprocessedRoot = preprocessedRoot;
    }

    /// <summary>
    /// The multi-height Merkle root of the preprocessed columns (per height, tallest first, the columns of that height's
    /// tables in table order, on its LDE domain), or null when the AIR has none.
    /// </summary>
    public byte[]? PreprocessedRoot => (byte[]?)_preprocessedRoot?.Clone();

    /// <summary>A key for an AIR without preprocessed columns: its digest, options and heights (no commitment to compute).</summary>
    public static VerifyingKey WithoutPreprocessed(AirSystem air, IReadOnlyList<HeightRange> heights, ProofOptions options)
    {
        if (air.Tables.Any(t => t.PreprocessedWidth > 0))
            throw new ArgumentException($"AIR '{air.Name}' has preprocessed columns: its key needs their commitment (VerifyingKey.Create)", nameof(air));
        return new VerifyingKey(Stark.AirDigest.Compute(air), options, CheckHeights(air, heights, options), [], null);
    }

    internal static VerifyingKey FromParts(AirSystem air, IReadOnlyList<HeightRange> heights, ProofOptions options, int[] preprocessedHeights, byte[]? root) =>
        new(Stark.AirDigest.Compute(air), options, CheckHeights(air, heights, options), preprocessedHeights, root);

    /// <summary>Validates a heights policy against the AIR and options; throws ArgumentException naming the bad table.</summary>
    internal static HeightRange[] CheckHeights(AirSystem air, IReadOnlyList<HeightRange> heights, ProofOptions options)
    {
        if (options.Validate() is { } bad) throw new ArgumentException($"proof options: {bad}", nameof(options));
        if (heights.Count != air.Tables.Count) throw new ArgumentException($"expected {air.Tables.Count} height ranges, got {heights.Count}", nameof(heights));
        int logB = System.Numerics.BitOperations.Log2((uint)options.Blowup);
        for (int t = 0; t < heights.Count; t++)
        {
            var (lo, hi) = (heights[t].MinLog, heights[t].MaxLog);
            var table = air.Tables[t];
            if (lo < 1 || hi < lo || hi > MaxLogHeight || hi + logB > MaxLogLde)
                throw new ArgumentException($"table '{table.Name}': heights {heights[t]} must lie in 2^1..2^{Math.Min(MaxLogHeight, MaxLogLde - logB)} with min ≤ max", nameof(heights));
            if (table.FixedLogHeight is { } f && (lo != f || hi != f))
                throw new ArgumentException($"table '{table.Name}': its height is fixed at 2^{f}, the key asks for {heights[t]}", nameof(heights));
        }
        return [.. heights];
    }

    /// <summary>Largest table height the engine proves (2^28 rows).</summary>
    public const int MaxLogHeight = 28;

    /// <summary>Largest LDE domain (2^30 points).</summary>
    public const int MaxLogLde = 30;

    /// <summary>Null when the proof's options and heights are the key's and the AIR is the key's, else why not.</summary>
    internal string? Admit(AirSystem air, ProofOptions options, int[] logHeights)
    {
        if (options != Options) return $"proof options {options} differ from the verifying key's {Options}";
        if (logHeights.Length != _heights.Length) return $"proof has {logHeights.Length} tables, the verifying key {_heights.Length}";
        if (air.Tables.Count != _heights.Length) return $"the AIR has {air.Tables.Count} tables, the verifying key {_heights.Length}";
        for (int t = 0; t < logHeights.Length; t++)
        {
            if (!_heights[t].Contains(logHeights[t]))
                return $"table '{air.Tables[t].Name}' claims 2^{logHeights[t]} rows, the verifying key allows {_heights[t]}";
        }
        if (!Stark.AirDigest.Compute(air).AsSpan().SequenceEqual(_airDigest)) return $"the verifying key was made for another AIR than '{air.Name}'";
        return null;
    }

    /// <summary>Binary form: magic, version, options, AIR digest, height ranges, preprocessed heights and root.</summary>
    public byte[] Encode()
    {
        var w = new ProofWriter();
        foreach (var b in Magic) w.Byte(b);
        w.U16(FormatVersion);
        StarkProof.WriteOptions(w, Options);
        w.Digest(_airDigest);
        w.U32((uint)_heights.Length);
        foreach (var h in _heights)
        {
            w.Byte((byte)h.MinLog);
            w.Byte((byte)h.MaxLog);
        }
        w.U32((uint)_preprocessedHeights.Length);
        foreach (var log in _preprocessedHeights) w.Byte((byte)log);
        if (_preprocessedRoot is not null) w.Digest(_preprocessedRoot);
        return w.ToArray();
    }

    /// <summary>Parses a key; throws <see cref="ProofFormatException"/> naming the offending field.</summary>
    public static VerifyingKey Decode(ReadOnlySpan<byte> data)
    {
        const string What = "verifying key";
        if (data.Length < Magic.Length || !data[..Magic.Length].SequenceEqual(Magic))
            throw new ProofFormatException($"{What}: bad magic, expected the bytes 'WSCSTVKY'");
        var r = new ProofReader(data, What);
        for (int i = 0; i < Magic.Length; i++) r.ReadByte("magic");
        ushort version = r.ReadU16("version");
        if (version != FormatVersion) throw new ProofFormatException($"{What}: unsupported format version {version}, expected {FormatVersion}");
        var options = StarkProof.ReadOptions(ref r, What);
        var digest = r.ReadDigest("AIR digest");
        int tables = r.ReadCount("tables", 2);
        if (tables == 0) throw new ProofFormatException($"{What}: table count must be at least 1");
        var heights = new HeightRange[tables];
        int logB = System.Numerics.BitOperations.Log2((uint)options.Blowup);
        for (int t = 0; t < tables; t++)
        {
            heights[t] = new HeightRange(r.ReadByte("minimum log height"), r.ReadByte("maximum log height"));
            if (heights[t].MinLog < 1 || heights[t].MaxLog < heights[t].MinLog || heights[t].MaxLog > MaxLogHeight || heights[t].MaxLog + logB > MaxLogLde)
                throw new ProofFormatException($"{What}: table {t} heights {heights[t]} are not a valid range");
        }
        int count = r.ReadCount("preprocessed heights", 1);
        var prepHeights = new int[count];
        for (int i = 0; i < count; i++)
        {
            prepHeights[i] = r.ReadByte("preprocessed height");
            if (prepHeights[i] < 1 || prepHeights[i] > MaxLogHeight || (i > 0 && prepHeights[i] >= prepHeights[i - 1]))
                throw new ProofFormatException($"{What}: preprocessed heights must strictly decrease within 2^1..2^{MaxLogHeight}");
        }
        var root = count > 0 ? r.ReadDigest("preprocessed root") : null;
        r.ExpectEnd();
        return new VerifyingKey(digest, options, heights, prepHeights, root);
    }
}
