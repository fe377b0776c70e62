using System.Collections.Concurrent;
using Wsc.TestKit;
using Wsc.Zk.Graph;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>Graph directories for the tests: the guest examples, and small graphs written on the fly; built once per run.</summary>
internal static class Graphs
{
    private static readonly ConcurrentDictionary<string, Lazy<(string Yaml, byte[] Elf)>> Built = new();
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"wsc-zkgraph-tests-{Environment.ProcessId}");

    /// <summary>A graph's main.c that outputs its block's number as 8 big-endian bytes (exit 1 without a header).</summary>
    public const string BlockNumber = """
        #include "zkgraph.h"
        int main(void) {
            const zk_block *b = zk_block_header();
            if (!b) return 1;
            uint8_t n[8];
            zk_u64_to_be(b->number, n);
            zk_output(n, 8);
            return 0;
        }
        """;

    public static string Sdk => Path.Combine(Paths.RepoRoot, "guest");

    public static string Example(string name) => Path.Combine(Sdk, "examples", name);

    /// <summary>The example's manifest text and its ELF (built into a temp directory, not the source tree).</summary>
    public static (string Yaml, byte[] Elf) Load(string exampleName) => Build(Example(exampleName), exampleName);

    /// <summary>A one-file graph: <paramref name="mainC"/> with a manifest running it on every block (plus <paramref name="sources"/>, YAML data sources).</summary>
    public static (string Yaml, byte[] Elf) Inline(string name, string mainC, string sources = "")
    {
        var dir = Write(name, mainC, sources);
        return Build(dir, name);
    }

    /// <summary>Writes the graph directory of <see cref="Inline"/> without building it; returns the directory.</summary>
    public static string Write(string name, string mainC, string sources = "")
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "main.c"), mainC);
        File.WriteAllText(Path.Combine(dir, "zkgraph.yaml"), $"""
            specVersion: 1
            name: {name}
            program: build/{name}.elf
            dataSources:
              - kind: ethereum
                events:
                  - address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
                    signatures: ["Transfer(address,address,uint256)"]
            {sources}
            trigger: {"{"} everyNBlocks: 1 {"}"}
            finality: latest
            """);
        return dir;
    }

    private static (string Yaml, byte[] Elf) Build(string dir, string key) => Built.GetOrAdd(key, _ => new Lazy<(string, byte[])>(() =>
    {
        var elf = Path.Combine(Root, key + ".elf");
        new GuestBuilder(Sdk).Build(dir, null, elf);
        return (File.ReadAllText(Path.Combine(dir, "zkgraph.yaml")), File.ReadAllBytes(elf));
    })).Value;
}
