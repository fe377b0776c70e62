namespace Wsc.Zk.Stark;

/// <summary>The heights a verifying key allows one table: 2^MinLog ..= 2^MaxLog rows.</summary>
public readonly record struct HeightRange(int MinLog, int MaxLog)
{
    /// <summary>Exactly 2^log rows.</summary>
    public static HeightRange Exactly(int log) => new(log, log);

    public bool Contains(int log) => log >= MinLog && log <= MaxLog;

    public override string ToString() => MinLog == MaxLog ? $"2^{MinLog}" : $"2^{MinLog}..2^{MaxLog}";
}
