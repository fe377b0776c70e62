using Wsc.Zk.Vm;

namespace Wsc.Zk.Graph;

/// <summary>A built zkGraph: the ELF path, its image id and size.</summary>
public sealed record GuestBuild(string Elf, ImageId ImageId, long Bytes, ZkGraphManifest Manifest);
