namespace Wsc.Zk.Vm;

/// <summary>A validated RV32IM executable: entry point and its loadable segments in address order.</summary>
public sealed record ElfProgram(uint Entry, IReadOnlyList<ElfSegment> Segments);
