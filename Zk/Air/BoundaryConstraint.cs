namespace Wsc.Zk.Air;

/// <summary>Which row of a table a boundary constraint pins.</summary>
public enum BoundaryRow
{
    First,
    Last,
}

/// <summary>Main-trace column `Column` of a table equals `Value` at the first or last row.</summary>
public sealed record BoundaryConstraint(int Column, BoundaryRow Row, ulong Value);
