namespace Wsc.Client.Cli;

/// <summary>An error meant for the user: printed as one line on stderr, exit code 1.</summary>
public sealed class CliException : Exception
{
    public CliException(string message) : base(message)
    {
    }

    /// <summary>Keeps the cluster's exception, so callers can tell a refusal from a lost connection.</summary>
    public CliException(string message, Exception inner) : base(message, inner)
    {
    }
}
