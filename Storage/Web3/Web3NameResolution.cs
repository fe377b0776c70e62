namespace Wsc.Storage.Web3;

/// <summary>A resolved host name: the contract address and, with ERC-6821, the chain it lives on when it differs.</summary>
public sealed record Web3NameResolution(string Address, ulong? TargetChainId = null);
