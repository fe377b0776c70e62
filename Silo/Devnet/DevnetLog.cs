using Microsoft.Extensions.Logging;

namespace Wsc.Silo.Devnet;

/// <summary>The devnet's log messages (source-generated: no formatting work when the level is off).</summary>
internal static partial class DevnetLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "devnet: anvil (pid {Pid}) on {Rpc}, chain id {ChainId}, {BlockTime} s blocks")]
    public static partial void AnvilStarted(ILogger logger, int pid, Uri rpc, ulong chainId, double blockTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "devnet: anvil stopped")]
    public static partial void AnvilStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "anvil failed to bind random port {Port}; retrying")]
    public static partial void PortRetry(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Trace, Message = "anvil: {Line}")]
    public static partial void AnvilOut(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "anvil stderr: {Line}")]
    public static partial void AnvilErr(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "no /bin/sh: anvil is not watched and outlives a killed silo")]
    public static partial void NoWatchdog(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cannot start the anvil watchdog ({Error}): anvil outlives a killed silo")]
    public static partial void WatchdogFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "anvil (pid {Pid}) did not exit within 5 s of SIGKILL")]
    public static partial void AnvilLingers(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "devnet traffic: every {Every} blocks on {Rpc}")]
    public static partial void TrafficStarted(ILogger logger, int every, Uri rpc);

    [LoggerMessage(Level = LogLevel.Warning, Message = "devnet traffic: round failed, retrying next round: {Error}")]
    public static partial void RoundFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "devnet traffic: contracts are at {Token}/{Pool}, not the documented {ExpectedToken}/{ExpectedPool} (account 0 had sent transactions before)")]
    public static partial void UnexpectedAddresses(ILogger logger, string token, string pool, string expectedToken, string expectedPool);

    [LoggerMessage(Level = LogLevel.Information, Message = "devnet traffic: DevToken at {Token}, DevPool at {Pool}")]
    public static partial void Deployed(ILogger logger, string token, string pool);

    [LoggerMessage(Level = LogLevel.Debug, Message = "devnet traffic: block {Head}, price {Price} -> {Target}")]
    public static partial void Round(ILogger logger, ulong head, double price, double target);

    [LoggerMessage(Level = LogLevel.Debug, Message = "devnet traffic: transaction refused: {Error}")]
    public static partial void TxRefused(ILogger logger, string error);
}
