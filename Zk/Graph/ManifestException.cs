namespace Wsc.Zk.Graph;

/// <summary>An invalid zkgraph.yaml; the message names the field path and what was expected.</summary>
public sealed class ManifestException(string message) : FormatException(message);
