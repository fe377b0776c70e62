namespace Wsc.Zk.Stark;

/// <summary>
/// Where a proof's encoded bytes go, part by part (opened values and Merkle siblings per commitment, FRI layers,
/// out-of-domain values, roots, framing); the parts add up to <see cref="StarkProof.Encode"/>'s length. For measuring.
/// </summary>
public static class ProofSizeBreakdown
{
    private const int Felt = 8, Ext = 24, Digest = 32, Count = 4;

    /// <summary>Bytes per named part, in encoding order; "framing" is the magic, version, options, heights, counts and flags.</summary>
    public static IReadOnlyDictionary<string, int> Of(StarkProof proof)
    {
        var parts = new Dictionary<string, int>();
        void Add(string part, int bytes) => parts[part] = parts.GetValueOrDefault(part) + bytes;

        Add("framing", 8 + 2 + 7 + Count + proof.LogHeights.Length);
        OptionalRoot(proof.PreprocessedRoot);
        OptionalRoot(proof.StatementRoot);
        Add("roots", Digest);
        OptionalRoot(proof.AuxRoot);
        Add("framing", Count);
        Add("busSums", Ext * proof.BusSums.Length);
        Add("roots", Digest);
        Add("framing", Count);
        Add("oodValues", Ext * proof.OodValues.Length);
        Add("framing", Count);
        Add("friRoots", Digest * proof.Fri.LayerRoots.Length);
        Add("framing", Count);
        Add("friRemainder", Ext * proof.Fri.Remainder.Length);
        Add("framing", 8); // proof-of-work nonce
        Optional("preprocessed", proof.PreprocessedOpening);
        Optional("statement", proof.StatementOpening);
        Opening("main", proof.MainOpening);
        Optional("auxiliary", proof.AuxOpening);
        Opening("composition", proof.CompositionOpening);
        Add("framing", Count);
        foreach (var o in proof.Fri.Openings)
        {
            Add("framing", 2 * Count);
            Add("friValues", Ext * o.Values.Length);
            Add("friSiblings", o.Siblings.Length);
        }
        return parts;

        void OptionalRoot(byte[]? r)
        {
            Add("framing", 1);
            Add("roots", r is null ? 0 : Digest);
        }

        void Opening(string name, MultiHeightOpening o)
        {
            Add("framing", Count + Count * o.Rows.Length + Count);
            Add(name + "Values", Felt * o.Rows.Sum(r => r.Length));
            Add(name + "Siblings", o.Siblings.Length);
        }

        void Optional(string name, MultiHeightOpening? o)
        {
            Add("framing", 1);
            if (o is not null) Opening(name, o);
        }
    }
}
