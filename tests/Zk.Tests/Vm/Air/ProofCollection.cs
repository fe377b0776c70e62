namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Classes that build VM proofs run one at a time: a proof extends every table to the 2^16-row byte table's height
/// (about 1.7 GB at the moment), and this machine is shared.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProofCollection
{
    public const string Name = "vm-proofs";
}
