namespace Wsc.Silo.Hosting;

/// <summary>A configuration or environment problem found at start-up; printed as one line, exit code 1.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
