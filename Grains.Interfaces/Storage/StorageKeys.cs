namespace Wsc.Grains.Interfaces.Storage;

/// <summary>Grain keys of the storage network.</summary>
public static class StorageKeys
{
    /// <summary>The directory key of an owner on a chain: `{owner lowercase 0x-hex}:{chainId}`.</summary>
    public static string Directory(string owner, ulong chainId) => $"{owner.ToLowerInvariant()}:{chainId}";

    /// <summary>The web3:// URL of a file.</summary>
    public static string Url(string owner, ulong chainId, string path) => $"web3://{owner.ToLowerInvariant()}:{chainId}{path}";
}
