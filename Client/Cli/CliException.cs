namespace Wsc.Client.Cli;

/// <summary>An error meant for the user: printed as one line on stderr, exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);
