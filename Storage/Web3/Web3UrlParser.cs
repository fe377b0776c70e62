using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace Wsc.Storage.Web3;

/// <summary>
/// Parses and resolves web3:// URLs per ERC-6860 (auto and manual modes; ERC-6944 resource requests are
/// recognised and refused as unsupported). Name services and resolve modes come from an <see cref="IWeb3Environment"/>.
/// </summary>
public sealed partial class Web3UrlParser(IWeb3Environment environment)
{
    /// <summary>Parses <paramref name="url"/>; throws <see cref="Web3UrlException"/> with a one-line reason.</summary>
    public async Task<Web3Url> ParseAsync(string url, CancellationToken cancellationToken = default)
    {
        if (!Ascii.IsValid(url))
        {
            throw new Web3UrlException("URL is invalid, contains non-ASCII characters");
        }
        var m = UrlShape().Match(url);
        if (!m.Success)
        {
            throw new Web3UrlException("Invalid URL format");
        }
        var protocol = m.Groups["protocol"].Value;
        if (protocol is not ("web3" or "w3"))
        {
            throw new Web3UrlException("Protocol name is invalid");
        }
        ulong chainId = 1;
        if (m.Groups["chain"].Success)
        {
            var text = m.Groups["chain"].Value;
            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out chainId))
            {
                throw new Web3UrlException($"Unsupported chain {text}");
            }
        }
        if (!environment.IsChainSupported(chainId))
        {
            throw new Web3UrlException($"Unsupported chain {chainId}");
        }

        var host = m.Groups["host"].Value;
        string address;
        string? resolver = null;
        ulong? resolverChain = null;
        if (IsHexAddress(host))
        {
            address = host;
        }
        else
        {
            var dot = host.LastIndexOf('.');
            if (dot < 0)
            {
                throw new Web3UrlException("Invalid contract address");
            }
            var suffix = host[(dot + 1)..];
            if (dot == 0)
            {
                throw new Web3UrlException("Invalid domain name");
            }
            resolver = environment.NameService(suffix, chainId)
                ?? throw new Web3UrlException($"Unsupported domain name service suffix: {suffix}");
            resolverChain = chainId;
            var resolved = await environment.ResolveNameAsync(host, resolver, chainId, cancellationToken)
                ?? throw new Web3UrlException("Cannot resolve domain name");
            address = resolved.Address;
            // ERC-6821: the name may point at a contract on another chain.
            if (resolved.TargetChainId is ulong target)
            {
                chainId = target;
            }
        }

        var mode = await environment.ResolveModeAsync(address, chainId, cancellationToken);
        var pathname = m.Groups["pathname"].Success && m.Groups["pathname"].Value.Length > 0 ? m.Groups["pathname"].Value : "/";
        var query = m.Groups["query"].Success ? m.Groups["query"].Value : "";
        var result = new Web3Url
        {
            Url = url,
            HostDomainNameResolver = resolver,
            HostDomainNameResolverChainId = resolverChain,
            ContractAddress = address,
            ChainId = chainId,
            ResolveMode = mode,
            Path = pathname,
            Query = query,
        };
        return mode switch
        {
            Web3ResolveMode.Manual => Manual(result, m.Groups["query"].Success),
            Web3ResolveMode.Auto => await AutoAsync(result, chainId, cancellationToken),
            _ => throw new Web3UrlException("Resource request mode (ERC-6944) is not supported by this gateway"),
        };
    }

    /// <summary>True for "0x" + 40 hex digits.</summary>
    public static bool IsHexAddress(string text) => HexAddress().IsMatch(text);

    private static Web3Url Manual(Web3Url url, bool hasQuery)
    {
        var pathQuery = hasQuery ? url.Path + "?" + url.Query : url.Path;
        var mime = "text/html";
        var ext = Extension().Match(url.Path);
        if (ext.Success && MimeTypes.ByExtension(ext.Groups[1].Value) is string type)
        {
            mime = type;
        }
        return url with
        {
            CallMode = Web3CallMode.Calldata,
            Calldata = Encoding.ASCII.GetBytes(pathQuery),
            ReturnProcessing = Web3ReturnProcessing.DecodeAbiEncodedBytes,
            MimeType = mime,
        };
    }

    private async Task<Web3Url> AutoAsync(Web3Url url, ulong chainId, CancellationToken cancellationToken)
    {
        if (url.Path == "/")
        {
            return url with { CallMode = Web3CallMode.Calldata, Calldata = [], ReturnProcessing = Web3ReturnProcessing.DecodeAbiEncodedBytes };
        }
        var parts = url.Path.Split('/');
        var method = parts[1];
        if (!MethodName().IsMatch(method))
        {
            throw new Web3UrlException("Invalid method name");
        }
        var args = new List<Web3Argument>();
        foreach (var part in parts.Skip(2))
        {
            args.Add(await ArgumentAsync(part, chainId, cancellationToken));
        }

        var processing = Web3ReturnProcessing.DecodeAbiEncodedBytes;
        IReadOnlyList<Web3AbiType> returns = [];
        string? mimeOverride = null;
        var hasReturns = false;
        foreach (var (name, value) in QueryPairs(url.Query))
        {
            switch (name)
            {
                case "returns" or "returnTypes":
                    hasReturns = true;
                    returns = Web3TypeParser.ParseReturns(value);
                    processing = returns.Count == 0 ? Web3ReturnProcessing.JsonEncodeRawBytes : Web3ReturnProcessing.JsonEncodeValues;
                    break;
                case "mime.content":
                    mimeOverride = value;
                    break;
                case "mime.type":
                    // ERC-7087: an unknown short type is ignored, an earlier valid override stays.
                    mimeOverride = MimeTypes.ByExtension(value) ?? mimeOverride;
                    break;
            }
        }
        string? mime = null;
        if (!hasReturns)
        {
            if (mimeOverride is not null)
            {
                mime = mimeOverride;
            }
            else if (parts.Length >= 3)
            {
                var last = Uri.UnescapeDataString(parts[^1]);
                var dot = last.LastIndexOf('.');
                if (dot >= 0)
                {
                    mime = MimeTypes.ByExtension(last[(dot + 1)..]);
                }
            }
        }
        return url with
        {
            CallMode = Web3CallMode.Method,
            MethodName = method,
            MethodArgs = args,
            ReturnProcessing = processing,
            ReturnTypes = returns,
            MimeType = mime,
        };
    }

    private async Task<Web3Argument> ArgumentAsync(string raw, ulong chainId, CancellationToken cancellationToken)
    {
        // Percent-decoding comes first, so an encoded '!' may separate the type from the value.
        var decoded = Uri.UnescapeDataString(raw);
        var bang = decoded.IndexOf('!', StringComparison.Ordinal);
        if (bang >= 0)
        {
            var type = Web3TypeParser.ArgumentType(decoded[..bang]);
            return new Web3Argument(type, await TypedValueAsync(type.Name, decoded[(bang + 1)..], chainId, cancellationToken));
        }
        if (UnsignedNumber().IsMatch(decoded))
        {
            return new Web3Argument(Web3AbiType.Of("uint256"), BigInteger.Parse(decoded, CultureInfo.InvariantCulture));
        }
        if (HexString().IsMatch(decoded))
        {
            var bytes = Convert.FromHexString(decoded.AsSpan(2));
            if (bytes.Length == 32)
            {
                return new Web3Argument(Web3AbiType.Of("bytes32"), bytes);
            }
            if (bytes.Length == 20)
            {
                return new Web3Argument(Web3AbiType.Of("address"), decoded);
            }
            return new Web3Argument(Web3AbiType.Of("bytes"), bytes);
        }
        if (decoded is "true" or "false")
        {
            return new Web3Argument(Web3AbiType.Of("bool"), decoded == "true");
        }
        return new Web3Argument(Web3AbiType.Of("address"), await DomainAddressAsync(decoded, chainId, cancellationToken));
    }

    private async Task<object> TypedValueAsync(string type, string value, ulong chainId, CancellationToken cancellationToken)
    {
        if (type.StartsWith("uint", StringComparison.Ordinal) || type.StartsWith("int", StringComparison.Ordinal))
        {
            if (!SignedNumber().IsMatch(value))
            {
                throw new Web3UrlException($"Argument is not a number: {value}");
            }
            var n = BigInteger.Parse(value, CultureInfo.InvariantCulture);
            var bits = int.Parse(type.AsSpan(type[0] == 'u' ? 4 : 3), CultureInfo.InvariantCulture);
            if (type[0] == 'u')
            {
                if (n.Sign < 0)
                {
                    throw new Web3UrlException($"Number is negative: {value}");
                }
                if (n >= BigInteger.One << bits)
                {
                    throw new Web3UrlException($"Number is too large for {type}: {value}");
                }
            }
            else if (n >= BigInteger.One << (bits - 1) || n < -(BigInteger.One << (bits - 1)))
            {
                throw new Web3UrlException($"Number is out of range for {type}: {value}");
            }
            return n;
        }
        if (type.StartsWith("bytes", StringComparison.Ordinal))
        {
            if (!HexString().IsMatch(value))
            {
                throw new Web3UrlException($"Argument is not a valid hex string: {value}");
            }
            var bytes = Convert.FromHexString(value.AsSpan(2));
            if (type.Length > 5 && bytes.Length != int.Parse(type.AsSpan(5), CultureInfo.InvariantCulture))
            {
                throw new Web3UrlException($"Argument has not the correct length: {value}");
            }
            return bytes;
        }
        return type switch
        {
            "bool" => value switch
            {
                "true" => true,
                "false" => false,
                _ => throw new Web3UrlException("Argument must be 'true' or 'false'"),
            },
            "string" => value,
            "address" => IsHexAddress(value) ? value : await DomainAddressAsync(value, chainId, cancellationToken),
            _ => throw new Web3UrlException($"Unknown type: {type}"),
        };
    }

    private async Task<string> DomainAddressAsync(string name, ulong chainId, CancellationToken cancellationToken)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            throw new Web3UrlException("Unrecognized domain name");
        }
        var suffix = name[(dot + 1)..];
        var service = environment.NameService(suffix, chainId)
            ?? throw new Web3UrlException($"Unsupported domain name suffix: {suffix}");
        var resolved = await environment.ResolveNameAsync(name, service, chainId, cancellationToken)
            ?? throw new Web3UrlException("Cannot resolve domain name");
        return resolved.Address;
    }

    private static IEnumerable<(string Name, string Value)> QueryPairs(string query)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            yield return (name, value);
        }
    }

    [GeneratedRegex(@"^(?<protocol>[^:]+)://(?<host>[^:/?#]+)(:(?<chain>[1-9][0-9]*))?(?<pathname>/[^?#]*)?(\?(?<query>[^#]*))?(#.*)?$")]
    private static partial Regex UrlShape();

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex HexAddress();

    [GeneratedRegex(@"\.([a-z0-9]+)$")]
    private static partial Regex Extension();

    [GeneratedRegex("^[a-zA-Z$_][a-zA-Z0-9$_]*$")]
    private static partial Regex MethodName();

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex UnsignedNumber();

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex SignedNumber();

    [GeneratedRegex("^0x([0-9a-fA-F]{2})*$")]
    private static partial Regex HexString();
}
