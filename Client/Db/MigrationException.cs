namespace Wsc.Client.Db;

/// <summary>A migration that cannot proceed; the message is one line naming the file, server or input at fault.</summary>
public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
