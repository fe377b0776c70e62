namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// A streamed put's session is gone: the silo that held it stopped or crashed, or it sat idle until it was collected.
/// Nothing of the put was published, so the client starts the put again with a fresh upload (StorageClient does).
/// </summary>
[GenerateSerializer, Alias("wsc.storage.UploadLostException")]
public sealed class UploadLostException : Exception
{
    public UploadLostException()
    {
    }

    public UploadLostException(string message) : base(message)
    {
    }

    public UploadLostException(string message, Exception inner) : base(message, inner)
    {
    }
}
