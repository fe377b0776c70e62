namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Classes that build VM proofs run one at a time (forged-trace proofs, receipts included): each proof commits the
/// 2^16-row byte table at least, takes seconds of both cores, and this machine is shared.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProofCollection
{
    public const string Name = "vm-proofs";
}
