using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Consensus;

/// <summary>A tick grain's persisted state: one record per block hash seen at its height.</summary>
[GenerateSerializer, Alias("wsc.TickGrainState")]
public sealed class TickGrainState
{
    [Id(0)] public List<TickRecord> Records { get; set; } = [];
}
