namespace Wsc.Zk.Air;

/// <summary>
/// A run of public bus terms of width two: (FirstPosition + i, publicInputs[ValuesAt + i]) for i in [0, Count), each
/// sent or received once. The values are a slice of the public inputs (which the transcript absorbs), so the run is
/// bound by its five numbers, and the verifier sums it in a tight loop instead of one <see cref="PublicInteraction"/>
/// per term: a segment that reads a 300 KB input carries 300k such terms.
/// </summary>
public sealed record PublicRun(int Bus, bool IsSend, ulong FirstPosition, int ValuesAt, int Count)
{
    /// <summary>The run's terms one by one (the debug checker's view; the engine sums runs without them).</summary>
    public IEnumerable<PublicInteraction> Expand(ulong[] publicInputs)
    {
        for (int i = 0; i < Count; i++)
        {
            yield return new PublicInteraction(Bus, IsSend, 1, [FirstPosition + (ulong)i, publicInputs[ValuesAt + i]]);
        }
    }

    /// <summary>Null when the run lies inside `publicInputs` (length), else why not.</summary>
    public string? Check(int publicInputs) =>
        Count < 0 || ValuesAt < 0 || (long)ValuesAt + Count > publicInputs ? $"a public run of {Count} values at {ValuesAt} is past the {publicInputs} public inputs" : null;
}
