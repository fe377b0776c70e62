namespace Wsc.Client.Commands;

/// <summary>The JSON printed by `wsc verify` for a valid receipt (an invalid one is a one-line error and exit code 1).</summary>
public sealed record VerifyResult(bool Valid, string ImageId, string InputDigest, string Output, uint ExitCode, long Cycles, int Segments, int SecurityBits);
