using System.Net;
using System.Text;
using System.Text.Json;
using Wsc.Chain;
using Wsc.Chain.Abi;
using Wsc.Chain.Crypto;
using Wsc.Client.Storage;
using Wsc.Integration.Tests.Db;
using Wsc.Storage.Web3;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Storage;

public sealed class Web3GatewayTests(StorageSiloFixture silo) : IClassFixture<StorageSiloFixture>
{
    private static readonly PrivateKey Owner = PrivateKey.FromHex(AnvilNode.Key0);

    private static StorageUrl Url(string path) => StorageUrl.Parse($"web3://{Owner.Address}:31337{path}");

    [Fact]
    public async Task Manual_mode_serves_directory_files_with_erc6860_mime_types()
    {
        var html = Encoding.UTF8.GetBytes("<html><body>hello web3</body></html>");
        var svg = Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'/>");
        await StorageClient.PutAsync(silo.Client, Url("/site/index.html"), html, Owner);
        await StorageClient.PutAsync(silo.Client, Url("/site/logo.svg"), svg, Owner);

        using var index = await silo.Http.GetAsync($"/web3/{Owner.Address}:31337/site/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType!.MediaType);
        Assert.Equal(html, await index.Content.ReadAsByteArrayAsync());

        using var logo = await silo.Http.GetAsync($"/web3/{Owner.Address}:31337/site/logo.svg");
        Assert.Equal("image/svg+xml", logo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(svg, await logo.Content.ReadAsByteArrayAsync());

        using var missing = await silo.Http.GetAsync($"/web3/{Owner.Address}:31337/site/nothing.txt");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Paths are matched as written in the URL, percent-encoding included (ERC-6860 manual mode passes them raw).
        await StorageClient.PutAsync(silo.Client, Url("/site/a%20b.txt"), "spaced"u8.ToArray(), Owner);
        using var encoded = await silo.Http.GetAsync($"/web3/{Owner.Address}:31337/site/a%20b.txt?ignored=1");
        Assert.Equal(HttpStatusCode.OK, encoded.StatusCode);
        Assert.Equal("text/plain", encoded.Content.Headers.ContentType!.MediaType);
        Assert.Equal("spaced", await encoded.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/web3/0x5a985f13345e820aa9618826b85f74c3986e14:31337/x", "Invalid contract address")]
    [InlineData("/web3/0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266:999/x", "Unsupported chain 999")]
    [InlineData("/web3/uniswap.eth:31337/x", "Unsupported domain name service suffix: eth")]
    [InlineData("/web3/0x0000000000000000000000000000000000000004:31337/3bad", "Invalid method name")]
    public async Task Malformed_urls_answer_400_with_one_line(string path, string reason)
    {
        using var response = await silo.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason + "\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Auto_mode_calls_the_chain_with_abi_encoded_arguments()
    {
        // The identity precompile (0x04) echoes its calldata, so the answer shows exactly what the gateway sent.
        using var response = await silo.Http.GetAsync("/web3/0x0000000000000000000000000000000000000004:31337/levelAndTile/2/string!hi?returns=()");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var expected = AbiCodec.EncodeCall("levelAndTile(uint256,string)", new System.Numerics.BigInteger(2), "hi");
        Assert.Equal(Hex.Encode(expected), json[0].GetString());
    }

    [Fact]
    public async Task Cli_put_get_and_verify_round_trip()
    {
        var dir = Directory.CreateTempSubdirectory("wsc-storage-cli");
        try
        {
            var input = Path.Combine(dir.FullName, "in.bin");
            var bytes = new byte[300_000];
            new Random(1).NextBytes(bytes);
            await File.WriteAllBytesAsync(input, bytes);
            var url = $"web3://{Owner.Address}:31337/cli/{Guid.NewGuid():N}.bin";
            var gateway = $"127.0.0.1:{silo.GatewayPort}";

            var put = await WscCli.RunAsync("storage", "put", url, input, "--key", AnvilNode.Key0, "--gateway", gateway, "--json");
            Assert.True(put.ExitCode == 0, put.Stderr);
            var putJson = JsonDocument.Parse(put.Stdout).RootElement;
            Assert.Equal(url, putJson.GetProperty("url").GetString());
            Assert.Equal(300_000, putJson.GetProperty("bytes").GetInt64());
            Assert.Equal(3, putJson.GetProperty("blobs").GetInt32());
            Assert.Equal(3, putJson.GetProperty("roots").GetArrayLength());

            var output = Path.Combine(dir.FullName, "out.bin");
            var get = await WscCli.RunAsync("storage", "get", url, "-o", output, "--gateway", gateway);
            Assert.True(get.ExitCode == 0, get.Stderr);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(output));

            var verify = await WscCli.RunAsync("storage", "get", url, "--verify", "--json", "--gateway", gateway);
            Assert.True(verify.ExitCode == 0, verify.Stderr + verify.Stdout);
            var v = JsonDocument.Parse(verify.Stdout).RootElement;
            Assert.True(v.GetProperty("verified").GetBoolean());
            Assert.Equal(2, v.GetProperty("replicas").GetInt32());

            var stranger = await WscCli.RunAsync("storage", "put", url, input, "--key", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", "--gateway", gateway);
            Assert.Equal(1, stranger.ExitCode);
            Assert.Single(stranger.Stderr.Trim().Split('\n'));
            Assert.Contains("is owned by", stranger.Stderr, StringComparison.Ordinal);

            var malformed = await WscCli.RunAsync("storage", "get", "web3://not-an-owner/x", "--gateway", gateway);
            Assert.Equal(1, malformed.ExitCode);
            Assert.StartsWith("wsc: malformed storage URL", malformed.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
