namespace Wsc.Client.ZkGraphs;

/// <summary>One check of `wsc zkgraph verify` that passed: its name and what it established.</summary>
public sealed record ZkGraphVerifyCheck(string Check, bool Ok, string Detail);
