namespace Wsc.Zk.Air;

/// <summary>
/// One LogUp interaction of a table with a bus: on every row the tuple `Values` is sent (+multiplicity) or received
/// (−multiplicity). A proof is valid only if, over all tables, every bus balances: each tuple is received exactly as
/// often as it is sent. A lookup is a receive by the looked-up table with a multiplicity column and a send of
/// multiplicity 1 (or a selector) by the looking table.
/// </summary>
public sealed record Interaction(int Bus, bool IsSend, LinearExpression Multiplicity, IReadOnlyList<LinearExpression> Values)
{
    public static Interaction Send(int bus, LinearExpression multiplicity, params LinearExpression[] values) => new(bus, true, multiplicity, values);

    public static Interaction Receive(int bus, LinearExpression multiplicity, params LinearExpression[] values) => new(bus, false, multiplicity, values);
}
