using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Placement;
using Wsc.Storage.Stores;
using Wsc.Integration.Tests.Db;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Storage;

/// <summary>
/// Issue 13, storage points 1 and 3, through the real `wsc` binary and the silo's HTTP gateway: a file larger than a
/// whole-file read (Storage:MaxReadBytes) reads back whole and in ranges, verified blob by blob; a file larger than
/// the cluster stores is refused at put time before anything is uploaded; a URL without `:chainId` is stored under the
/// cluster's chain. On the old main the first put here read back only as "read it in ranges" (CLI) and 400 (gateway).
/// </summary>
public sealed class LargeFileTests(SmallLimitsSiloFixture silo) : IClassFixture<SmallLimitsSiloFixture>
{
    private static readonly PrivateKey Owner = PrivateKey.FromHex(AnvilNode.Key0);

    // 1 MiB + 333 bytes of printable text (stdout compares as a string), four times Storage:MaxReadBytes: 9 blobs.
    private static readonly byte[] Content = Encoding.ASCII.GetBytes(string.Concat(
        Enumerable.Range(0, (1024 * 1024) + 333).Select(i => (char)('a' + ((i * 7919 % 26 + (i / 131072)) % 26)))));

    private string Gateway => $"127.0.0.1:{silo.GatewayPort}";

    private async Task<(string Url, DirectoryInfo Dir)> PutAsync(string name)
    {
        var dir = Directory.CreateTempSubdirectory("wsc-large-");
        var input = Path.Combine(dir.FullName, "in.txt");
        await File.WriteAllBytesAsync(input, Content);
        // No :chainId: stored under the cluster's chain (31337), not ERC-6860's default chain 1.
        var put = await WscCli.RunAsync("storage", "put", $"web3://{Owner.Address}/large/{name}", input, "--key", AnvilNode.Key0, "--gateway", Gateway, "--json");
        Assert.True(put.ExitCode == 0, put.Stderr);
        // Progress is drawn only on a terminal: redirected stderr stays empty and stdout is one JSON document.
        Assert.Equal("", put.Stderr);
        var json = JsonDocument.Parse(put.Stdout).RootElement;
        var url = $"web3://{Owner.Address}:31337/large/{name}";
        Assert.Equal(url.ToLowerInvariant(), json.GetProperty("url").GetString()!.ToLowerInvariant());
        Assert.Equal(Content.Length, json.GetProperty("bytes").GetInt64());
        Assert.Equal(9, json.GetProperty("blobs").GetInt32());
        return (url, dir);
    }

    [Fact]
    public async Task A_file_larger_than_a_whole_file_read_reads_back_whole_and_in_verified_ranges_through_the_cli()
    {
        Assert.True(Content.Length > SmallLimitsSiloFixture.MaxReadBytes);
        var (url, dir) = await PutAsync("cli.txt");
        try
        {
            var output = Path.Combine(dir.FullName, "out.txt");
            var get = await WscCli.RunAsync("storage", "get", url, "-o", output, "--gateway", Gateway);
            Assert.True(get.ExitCode == 0, get.Stderr);
            Assert.Equal(Content, await File.ReadAllBytesAsync(output));
            Assert.False(File.Exists(output + ".partial"));

            // Without :chainId a read also means the cluster's chain.
            var whole = await WscCli.RunAsync("storage", "get", url.Replace(":31337", "", StringComparison.Ordinal), "--gateway", Gateway);
            Assert.True(whole.ExitCode == 0, whole.Stderr);
            Assert.Equal(Encoding.ASCII.GetString(Content), whole.Stdout);

            foreach (var (range, offset, count) in new[] { ("131000-263000", 131000, 132001), ("0-0", 0, 1), ("-5", Content.Length - 5, 5), ("1048000-", 1048000, Content.Length - 1048000) })
            {
                var part = await WscCli.RunAsync("storage", "get", url, "--range", range, "--gateway", Gateway);
                Assert.True(part.ExitCode == 0, $"--range {range}: {part.Stderr}");
                Assert.Equal(Encoding.ASCII.GetString(Content, offset, count), part.Stdout);
            }

            var verified = Path.Combine(dir.FullName, "verified.txt");
            var verify = await WscCli.RunAsync("storage", "get", url, "--range", "200000-700000", "-o", verified, "--verify", "--json", "--gateway", Gateway);
            Assert.True(verify.ExitCode == 0, verify.Stderr + verify.Stdout);
            var v = JsonDocument.Parse(verify.Stdout).RootElement;
            Assert.True(v.GetProperty("verified").GetBoolean());
            Assert.Equal(2, v.GetProperty("replicas").GetInt32());
            Assert.Equal(Content.AsSpan(200000, 500001).ToArray(), await File.ReadAllBytesAsync(verified));

            foreach (var (range, reason) in new[] { ("700-600", "is inverted"), ("5000000-", "selects no byte of a file of 1048909 bytes"), ("x", "expected A-B") })
            {
                var bad = await WscCli.RunAsync("storage", "get", url, "--range", range, "--gateway", Gateway);
                Assert.Equal(1, bad.ExitCode);
                Assert.Single(bad.Stderr.Trim().Split('\n'));
                Assert.Contains(reason, bad.Stderr, StringComparison.Ordinal);
                Assert.Equal("", bad.Stdout);
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task The_gateway_streams_a_large_file_and_answers_byte_ranges_with_206_and_416()
    {
        var (url, dir) = await PutAsync("http.txt");
        dir.Delete(true);
        var path = $"/web3/{Owner.Address}:31337/large/http.txt";

        using var whole = await silo.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", string.Join(",", whole.Headers.AcceptRanges));
        Assert.Equal(Content, await whole.Content.ReadAsByteArrayAsync());
        var etag = whole.Headers.ETag!.Tag;

        async Task<HttpResponseMessage> Ranged(string range, string? ifRange = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Range", range);
            if (ifRange is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Range", ifRange);
            }
            return await silo.Http.SendAsync(request);
        }

        using (var part = await Ranged("bytes=131000-263000"))
        {
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal($"bytes 131000-263000/{Content.Length}", part.Content.Headers.ContentRange!.ToString());
            Assert.Equal(Content.AsSpan(131000, 132001).ToArray(), await part.Content.ReadAsByteArrayAsync());
            Assert.Equal("nosniff", part.Headers.GetValues("X-Content-Type-Options").Single());
        }
        using (var suffix = await Ranged("bytes=-7", ifRange: etag))
        {
            Assert.Equal(HttpStatusCode.PartialContent, suffix.StatusCode);
            Assert.Equal(Content.AsSpan(Content.Length - 7).ToArray(), await suffix.Content.ReadAsByteArrayAsync());
        }
        using (var beyond = await Ranged("bytes=5000000-"))
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
            Assert.Equal($"bytes */{Content.Length}", beyond.Content.Headers.ContentRange!.ToString());
        }
        // A stale If-Range, several ranges or a malformed one: the whole file (RFC 9110 lets a server ignore Range).
        foreach (var (range, ifRange) in new[] { ("bytes=0-9", "\"old\""), ("bytes=0-1,5-6", null), ("bytes=9-2", null), ("pages=1-2", null) })
        {
            using var full = await Ranged(range, ifRange);
            Assert.Equal(HttpStatusCode.OK, full.StatusCode);
            Assert.Equal(Content.Length, (await full.Content.ReadAsByteArrayAsync()).Length);
        }
        var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        using var notModified = await silo.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_file_larger_than_the_cluster_stores_is_refused_at_put_time_before_anything_is_uploaded()
    {
        var dir = Directory.CreateTempSubdirectory("wsc-large-");
        try
        {
            var input = Path.Combine(dir.FullName, "too-big.bin");
            await File.WriteAllBytesAsync(input, new byte[SmallLimitsSiloFixture.MaxFileBytes + 1]);
            var before = await ReplicasAsync();
            var url = $"web3://{Owner.Address}:31337/large/too-big.bin";
            var put = await WscCli.RunAsync("storage", "put", url, input, "--key", AnvilNode.Key0, "--gateway", Gateway, "--json");
            Assert.Equal(1, put.ExitCode);
            Assert.Equal($"wsc: {url.ToLowerInvariant().Replace(Owner.Address.ToString().ToLowerInvariant(), Owner.Address.ToString(), StringComparison.Ordinal)}: 2097153 bytes exceed the largest file this cluster stores (2097152 bytes, Storage:MaxFileBytes); nothing was uploaded",
                put.Stderr.Trim());
            Assert.Equal("", put.Stdout);
            Assert.Equal(before, await ReplicasAsync());

            // A chain the cluster does not follow is refused too (its gateway could not serve the file), in one line.
            var small = Path.Combine(dir.FullName, "small.txt");
            await File.WriteAllTextAsync(small, "hello");
            var foreign = await WscCli.RunAsync("storage", "put", $"web3://{Owner.Address}:1/large/a.txt", small, "--key", AnvilNode.Key0, "--gateway", Gateway);
            Assert.Equal(1, foreign.ExitCode);
            Assert.Single(foreign.Stderr.Trim().Split('\n'));
            Assert.Contains("put of /large/a.txt for chain 1: this cluster follows chain 31337", foreign.Stderr, StringComparison.Ordinal);
            Assert.Equal(before, await ReplicasAsync());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    // Fault injection: a blob lost on every replica. A read must fail in one line and never hand out bytes that did not
    // verify: the gateway answers 502 before its first byte and cuts the body after it; the CLI leaves no output file.
    [Fact]
    public async Task A_blob_lost_on_every_replica_fails_the_read_without_serving_unverified_bytes()
    {
        var (url, dir) = await PutAsync("lost.txt");
        try
        {
            var entry = (await silo.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Owner.Address.ToString(), 31337)).GetAsync("/large/lost.txt"))!;
            var path = $"/web3/{Owner.Address}:31337/large/lost.txt";

            // Blob 8 (in the second batch of reads): the first 8 blobs go out, then the body stops short.
            Lose(entry.Roots[8]);
            using (var response = await silo.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(Content.Length, response.Content.Headers.ContentLength);
                var received = new MemoryStream();
                await Assert.ThrowsAnyAsync<Exception>(async () => await (await response.Content.ReadAsStreamAsync()).CopyToAsync(received));
                Assert.True(received.Length <= 8 * 131072, $"{received.Length} bytes served");
                Assert.Equal(Content.AsSpan(0, (int)received.Length).ToArray(), received.ToArray());
            }
            var stdout = await WscCli.RunAsync("storage", "get", url, "--gateway", Gateway);
            Assert.Equal(1, stdout.ExitCode);
            Assert.Single(stdout.Stderr.Trim().Split('\n'));
            Assert.Contains("blobs 8..8 of 9", stdout.Stderr, StringComparison.Ordinal);
            Assert.True(Encoding.ASCII.GetBytes(stdout.Stdout).AsSpan().SequenceEqual(Content.AsSpan(0, stdout.Stdout.Length)));

            // Blob 0: nothing has gone out yet, so an honest 502 with the reason.
            Lose(entry.Roots[0]);
            using (var response = await silo.Http.GetAsync(path))
            {
                Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
                Assert.Contains("no replica of 2 holds bytes matching the root", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            var output = Path.Combine(dir.FullName, "out.txt");
            var toFile = await WscCli.RunAsync("storage", "get", url, "-o", output, "--gateway", Gateway);
            Assert.Equal(1, toFile.ExitCode);
            Assert.Single(toFile.Stderr.Trim().Split('\n'));
            Assert.False(File.Exists(output));
            Assert.False(File.Exists(output + ".partial"));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private void Lose(string root)
    {
        var store = (MemoryBlobStore)silo.Services.GetRequiredService<IBlobStore>();
        var rootBytes = Convert.FromHexString(root.AsSpan(2));
        var shards = Rendezvous.Shards(rootBytes, 4, 2);
        for (var r = 0; r < shards.Length; r++)
        {
            Assert.True(store.LoseBytes(BlobKey.Of(shards[r], rootBytes, r)));
        }
    }

    private async Task<int> ReplicasAsync()
    {
        var total = 0;
        for (var s = 0; s < 4; s++)
        {
            total += (await silo.Client.GetGrain<IStorageShardGrain>(s).IndexAsync()).Length;
        }
        return total;
    }
}
