namespace Wsc.Storage.Blobs;

/// <summary>A blob whose bytes do not match the root the owner signed: none of its bytes were handed on.</summary>
public sealed class BlobVerificationException(string message) : Exception(message);
