using System.Text.Json;
using Org.BouncyCastle.Crypto.Digests;
using Wsc.Zk.Vm;

namespace Wsc.Zk.Graph;

/// <summary>
/// What identifies a deployed zkGraph: the canonical form of its manifest (what the graph reads, when it runs, how final
/// and where its outputs go), that form's keccak digest, and the graph id = keccak(manifest digest ‖ image id).
/// The manifest's `program` path and `build` section are left out: the image id already binds the program, and where
/// the ELF sat on the deployer's disk changes nothing on the cluster.
/// </summary>
public static class ZkGraphIdentity
{
    /// <summary>The canonical manifest: compact JSON, fixed key order, lowercase 0x-hex addresses and 32-byte slots.</summary>
    public static byte[] Canonical(ZkGraphManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("specVersion", manifest.SpecVersion);
            w.WriteString("name", manifest.Name);
            w.WriteStartArray("events");
            foreach (var e in manifest.Events)
            {
                w.WriteStartObject();
                w.WriteString("address", Hex(e.Address));
                w.WriteStartArray("signatures");
                foreach (var s in e.Signatures)
                {
                    w.WriteStringValue(s);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("storage");
            foreach (var s in manifest.StorageSlots)
            {
                w.WriteStartObject();
                w.WriteString("address", Hex(s.Address));
                w.WriteStartArray("slots");
                foreach (var slot in s.Slots)
                {
                    w.WriteStringValue(Hex(slot));
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("blobs");
            foreach (var url in manifest.BlobUrls)
            {
                w.WriteStringValue(url);
            }
            w.WriteEndArray();
            w.WriteStartObject("trigger");
            w.WriteBoolean("onEvents", manifest.Trigger.OnEvents);
            w.WriteNumber("everyNBlocks", manifest.Trigger.EveryNBlocks);
            w.WriteEndObject();
            w.WriteStartObject("finality");
            w.WriteString("kind", manifest.Finality.Kind);
            w.WriteNumber("confirmations", manifest.Finality.Confirmations);
            w.WriteEndObject();
            // Only when set, so the digests of manifests without it are unchanged.
            if (manifest.StartBlock is { } start)
            {
                w.WriteNumber("startBlock", start);
            }
            w.WriteStartArray("destinations");
            foreach (var d in manifest.Destinations)
            {
                w.WriteStartObject();
                w.WriteString("kind", d.Kind);
                w.WriteString("address", d.Address is null ? "" : Hex(d.Address));
                w.WriteString("url", d.Url ?? "");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            // Written only when not the default, so graphs deployed before `proving` existed keep their ids.
            if (manifest.Proving != ZkGraphProving.Always)
            {
                w.WriteString("proving", manifest.Proving == ZkGraphProving.Never ? "never" : "onDestination");
            }
            // Likewise only when asked for: the input (and so the graph) differs.
            if (manifest.ReceiptProofs == ZkGraphReceiptProofs.Matched)
            {
                w.WriteString("receiptProofs", "matched");
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>keccak256 of <see cref="Canonical"/>, as 0x-hex.</summary>
    public static string ManifestDigest(ZkGraphManifest manifest) => Hex(Keccak(Canonical(manifest)));

    /// <summary>The graph id: keccak256(manifest digest ‖ image id), as 0x-hex.</summary>
    public static string GraphId(string manifestDigest, ImageId imageId)
    {
        var digest = ParseHash(manifestDigest, "manifest digest");
        return Hex(Keccak([.. digest, .. imageId.Bytes]));
    }

    /// <summary>Parses 0x and 64 hex digits; throws <see cref="FormatException"/> naming <paramref name="what"/>.</summary>
    public static byte[] ParseHash(string text, string what)
    {
        if (text is null || text.Length != 66 || !text.StartsWith("0x", StringComparison.Ordinal) || !text.AsSpan(2).ContainsOnlyHex())
        {
            throw new FormatException($"{what} '{text}': expected 0x and 64 hex digits");
        }
        return Convert.FromHexString(text.AsSpan(2));
    }

    private static byte[] Keccak(byte[] data)
    {
        var k = new KeccakDigest(256);
        k.BlockUpdate(data, 0, data.Length);
        var h = new byte[32];
        k.DoFinal(h, 0);
        return h;
    }

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}

file static class SpanHex
{
    public static bool ContainsOnlyHex(this ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
