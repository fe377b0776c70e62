namespace Wsc.Silo.Web3;

/// <summary>The web3:// gateway's log lines.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "web3 gateway: the response for {Url} was cut after it had started: {Reason}")]
    public static partial void ReadCut(ILogger logger, string url, string reason);
}
