using System.Text;
using Wsc.Chain.Abi;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Web3;

namespace Wsc.Silo.Web3;

/// <summary>
/// What the gateway knows about the world: one chain (the followed one), no name services, and resolve modes where an
/// address with a storage directory is a manual-mode site served from storage; other addresses answer resolveMode().
/// </summary>
public sealed class GatewayEnvironment(IGrainFactory grains, EthCall eth) : IWeb3Environment
{
    public bool IsChainSupported(ulong chainId) => chainId == eth.ChainId;

    public string? NameService(string suffix, ulong chainId) => null;

    public Task<Web3NameResolution?> ResolveNameAsync(string name, string service, ulong chainId, CancellationToken cancellationToken) =>
        Task.FromResult<Web3NameResolution?>(null);

    public async Task<Web3ResolveMode> ResolveModeAsync(string address, ulong chainId, CancellationToken cancellationToken)
    {
        if (await HasDirectoryAsync(address, chainId))
        {
            return Web3ResolveMode.Manual;
        }
        try
        {
            var answer = await eth.CallAsync(address, AbiCodec.Selector("resolveMode()"), cancellationToken);
            var mode = answer.Length >= 32 ? Encoding.ASCII.GetString(answer, 0, 32).TrimEnd('\0') : "";
            return mode switch
            {
                "manual" => Web3ResolveMode.Manual,
                "5219" => Web3ResolveMode.ResourceRequest,
                _ => Web3ResolveMode.Auto,
            };
        }
        catch (InvalidOperationException)
        {
            // No resolveMode() (or no contract): ERC-6860 says auto.
            return Web3ResolveMode.Auto;
        }
    }

    /// <summary>True when the owner has any file on that chain.</summary>
    public async Task<bool> HasDirectoryAsync(string address, ulong chainId) =>
        await grains.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(address, chainId)).CountAsync() > 0;
}
