using System.Numerics;
using Wsc.Storage.Tests.Toml;
using Wsc.Storage.Web3;
using Wsc.TestKit;

namespace Wsc.Storage.Tests.Web3;

/// <summary>Every case of web3protocol-tests parsing-base, parsing-mode-manual and parsing-mode-auto.</summary>
public sealed class Web3ParsingVectorTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var file in (string[])["parsing-base.toml", "parsing-mode-manual.toml", "parsing-mode-auto.toml"])
        {
            var doc = TomlReader.Parse(File.ReadAllText(Paths.Data("web3protocol-tests", file)));
            foreach (var (group, body) in (Dictionary<string, object>)doc["groups"])
            {
                var tests = (List<object>)((Dictionary<string, object>)body)["tests"];
                for (var i = 0; i < tests.Count; i++)
                {
                    data.Add(file, group, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Vector(string file, string group, string index)
    {
        var doc = TomlReader.Parse(File.ReadAllText(Paths.Data("web3protocol-tests", file)));
        var g = (Dictionary<string, object>)((Dictionary<string, object>)doc["groups"])[group];
        var standards = ((List<object>)g["standards"]).Cast<string>().ToList();
        var t = (Dictionary<string, object>)((List<object>)g["tests"])[int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)];
        var url = (string)t["url"];
        var parser = new Web3UrlParser(new StubChain());

        if (!standards.Contains("ERC-6860") && standards.SequenceEqual(["ERC-4804"]))
        {
            // ERC-4804-only behaviour (eth-web3:// names) that ERC-6860 removed: the ERC-6860 group refuses them.
            var e = await Assert.ThrowsAsync<Web3UrlException>(() => parser.ParseAsync(url));
            Assert.Equal("Protocol name is invalid", e.Message);
            return;
        }
        if (standards.SequenceEqual(["ERC-6944"]))
        {
            var e = await Assert.ThrowsAsync<Web3UrlException>(() => parser.ParseAsync(url));
            Assert.Contains("not supported", e.Message, StringComparison.Ordinal);
            return;
        }
        if (t.TryGetValue("error", out var err))
        {
            var expected = (Dictionary<string, object>)err;
            var e = await Assert.ThrowsAsync<Web3UrlException>(() => parser.ParseAsync(url));
            Assert.Equal((long)expected["httpCode"], e.HttpCode);
            Assert.Equal((string)expected["label"], e.Message);
            return;
        }

        var r = await parser.ParseAsync(url);
        if (t.TryGetValue("contractAddress", out var address))
        {
            Assert.Equal(((string)address).ToLowerInvariant(), r.ContractAddress.ToLowerInvariant());
        }
        if (t.TryGetValue("chainId", out var chain))
        {
            Assert.Equal((ulong)(long)chain, r.ChainId);
        }
        if (t.TryGetValue("hostDomainNameResolver", out var resolver))
        {
            Assert.Equal((string)resolver, r.HostDomainNameResolver);
            Assert.Equal((ulong)(long)t["hostDomainNameResolverChainId"], r.HostDomainNameResolverChainId);
        }
        if (t.TryGetValue("resolveMode", out var mode))
        {
            Assert.Equal((string)mode, r.ResolveMode switch { Web3ResolveMode.Manual => "manual", Web3ResolveMode.Auto => "auto", _ => "resourceRequest" });
        }
        if (t.TryGetValue("contractCallMode", out var callMode))
        {
            Assert.Equal((string)callMode, r.CallMode == Web3CallMode.Method ? "method" : "calldata");
        }
        if (t.TryGetValue("calldata", out var calldata))
        {
            Assert.Equal((string)calldata, "0x" + Convert.ToHexStringLower(r.Calldata));
        }
        if (t.TryGetValue("methodName", out var method))
        {
            Assert.Equal((string)method, r.MethodName);
        }
        // Two "Last taken" vectors write `methodArgs = []` for a URL with one argument; like the reference runner we
        // treat an empty expected list as "not asserted" (their subject is the return types).
        if (t.TryGetValue("methodArgs", out var args) && ((List<object>)args).Count > 0)
        {
            Assert.Equal(Types((List<object>)args), r.MethodArgs.Select(a => a.Type.ToString()).ToList());
            var values = (List<object>)t["methodArgValues"];
            Assert.Equal(values.Count, r.MethodArgs.Count);
            for (var i = 0; i < values.Count; i++)
            {
                AssertValue(((Dictionary<string, object>)values[i])["value"], r.MethodArgs[i].Value);
            }
        }
        if (t.TryGetValue("contractReturnProcessing", out var processing))
        {
            Assert.Equal((string)processing, r.ReturnProcessing switch
            {
                Web3ReturnProcessing.DecodeAbiEncodedBytes => "decodeABIEncodedBytes",
                Web3ReturnProcessing.JsonEncodeRawBytes => "jsonEncodeRawBytes",
                Web3ReturnProcessing.JsonEncodeValues => "jsonEncodeValues",
                _ => "decodeErc5219Request",
            });
        }
        if (t.TryGetValue("decodedABIEncodedBytesMimeType", out var mime))
        {
            Assert.Equal((string)mime, r.MimeType ?? "");
        }
        if (t.TryGetValue("jsonEncodedValueTypes", out var returns))
        {
            Assert.Equal(Types((List<object>)returns), r.ReturnTypes.Select(x => x.ToString()).ToList());
        }
    }

    private static List<string> Types(List<object> list) =>
        list.Select(o => Canonical((Dictionary<string, object>)o)).ToList();

    private static string Canonical(Dictionary<string, object> type)
    {
        var name = (string)type["type"];
        if (!name.StartsWith("tuple", StringComparison.Ordinal))
        {
            return name;
        }
        var components = ((List<object>)type["components"]).Select(c => Canonical((Dictionary<string, object>)c));
        return "(" + string.Join(",", components) + ")" + name["tuple".Length..];
    }

    private static void AssertValue(object expected, object actual)
    {
        switch (expected)
        {
            case long n:
                Assert.Equal(new BigInteger(n), Assert.IsType<BigInteger>(actual));
                break;
            case bool b:
                Assert.Equal(b, Assert.IsType<bool>(actual));
                break;
            case string s when actual is byte[] bytes:
                Assert.Equal(s.ToLowerInvariant(), "0x" + Convert.ToHexStringLower(bytes));
                break;
            case string s when s.StartsWith("0x", StringComparison.Ordinal) && Web3UrlParser.IsHexAddress(s):
                Assert.Equal(s.ToLowerInvariant(), Assert.IsType<string>(actual).ToLowerInvariant());
                break;
            case string s:
                Assert.Equal(s, Assert.IsType<string>(actual));
                break;
            default:
                Assert.Fail($"unexpected expected value {expected}");
                break;
        }
    }
}
