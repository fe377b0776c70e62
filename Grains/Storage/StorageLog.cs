using Microsoft.Extensions.Logging;

namespace Wsc.Grains.Storage;

/// <summary>The storage grains' log lines.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "storage put of {Url} ({Bytes} bytes) failed: {Reason}")]
    public static partial void PutFailed(ILogger logger, string url, long bytes, string reason);
}
