namespace Wsc.Storage.Web3;

/// <summary>A web3:// URL that cannot be served: a one-line reason and the HTTP status a gateway answers with.</summary>
public sealed class Web3UrlException(string message, int httpCode = 400) : Exception(message)
{
    /// <summary>HTTP status for the gateway (400 for malformed URLs).</summary>
    public int HttpCode { get; } = httpCode;
}
