namespace Wsc.Zk.Air;

/// <summary>
/// A bus term the verifier computes from the public inputs alone: the tuple `Values` is sent (+multiplicity) or
/// received (−multiplicity) once, outside every table. With these a segment can receive the state its predecessor
/// left (a public send the tables receive) and hand on the state it leaves (a public receive the tables send).
/// </summary>
public sealed record PublicInteraction(int Bus, bool IsSend, ulong Multiplicity, IReadOnlyList<ulong> Values)
{
    public static PublicInteraction Send(int bus, ulong multiplicity, params ulong[] values) => new(bus, true, multiplicity, values);

    public static PublicInteraction Receive(int bus, ulong multiplicity, params ulong[] values) => new(bus, false, multiplicity, values);
}
