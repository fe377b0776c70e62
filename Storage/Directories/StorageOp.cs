namespace Wsc.Storage.Directories;

/// <summary>What a signed directory write does.</summary>
public enum StorageOp
{
    /// <summary>Create or overwrite the entry at a path.</summary>
    Put,

    /// <summary>Remove the entry at a path.</summary>
    Remove,
}
