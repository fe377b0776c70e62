using System.Text.Json;
using Wsc.Client.Cli;

namespace Wsc.Client.Tests.Commands;

/// <summary>A person typing `wsc`: typos name the bad word and the nearest command, a bare `wsc` shows what there is.</summary>
public sealed class UsageErrorTests : IDisposable
{
    private readonly DirectoryInfo tmp = Directory.CreateTempSubdirectory("wsc-usage-");

    public void Dispose() => tmp.Delete(true);

    [Fact]
    public void Bare_wsc_prints_its_help()
    {
        var (exit, stdout, stderr) = WscProcess.Run();
        Assert.True(exit == 0, stderr);
        Assert.Contains("Usage:", stdout);
        Assert.Contains("chain", stdout);
        Assert.Empty(stderr);
    }

    [Fact]
    public void A_typo_in_a_subcommand_names_the_word_suggests_the_nearest_command_and_prints_the_groups_help()
    {
        var (exit, stdout, stderr) = WscProcess.Run("chain", "stauts");
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var lines = stderr.Split('\n');
        Assert.Equal("wsc: unknown command 'stauts' for 'wsc chain'; did you mean 'status'?", lines[0]);
        Assert.Contains("wsc chain [command] [options]", stderr); // the chain group's help follows
        Assert.Contains("pause", stderr);
    }

    [Fact]
    public void A_typo_in_a_top_level_command_or_an_option_is_named_with_its_nearest_neighbour()
    {
        var (exit, _, stderr) = WscProcess.Run("chian", "status");
        Assert.Equal(2, exit);
        Assert.StartsWith("wsc: unknown command 'chian' for 'wsc'; did you mean 'chain'?", stderr);
        (exit, _, stderr) = WscProcess.Run("ticks", "--frm", "3");
        Assert.Equal(2, exit);
        Assert.StartsWith("wsc: unknown option '--frm' for 'wsc ticks'; did you mean '--from'?", stderr);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    public void A_value_of_the_wrong_kind_says_what_was_expected_without_a_dotnet_type_name(string value)
    {
        var (exit, _, stderr) = WscProcess.Run("ticks", "--from", value);
        Assert.Equal(2, exit);
        Assert.Equal($"wsc: --from '{value}': expected a whole number, 0 or more", stderr.Trim());
        Assert.DoesNotContain("System.", stderr);
    }

    [Fact]
    public void Zkgraph_verify_without_a_block_or_with_a_bad_rpc_url_is_one_line_before_any_connection()
    {
        var id = "0x" + new string('a', 64);
        var (exit, stdout, stderr) = WscProcess.Run("zkgraph", "verify", id, "--block", "5", "--rpc", "localhost:8545", "--gateway", "127.0.0.1:1");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Equal("wsc: --rpc 'localhost:8545': expected an http(s) URL", stderr.Trim());
        (exit, _, stderr) = WscProcess.Run("zkgraph", "verify", id);
        Assert.Equal(2, exit);
        Assert.Contains("--block", stderr.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Nearest_command_uses_edit_distance_with_swaps()
    {
        Assert.Equal(1, ParseErrorReport.EditDistance("stauts", "status"));
        Assert.Equal("; did you mean 'resume'?", ParseErrorReport.Suggestion("resme", ["status", "resume", "pause", "reset"]));
        Assert.StartsWith("; expected one of: ", ParseErrorReport.Suggestion("xylophone", ["status", "pause"]));
    }

    [Fact]
    public void Vm_run_of_a_guest_that_exits_non_zero_says_so_and_exits_3()
    {
        var dir = Directory.CreateDirectory(Path.Combine(tmp.FullName, "fails"));
        File.WriteAllText(Path.Combine(dir.FullName, "zkgraph.yaml"), """
            specVersion: 1
            name: fails
            program: build/fails.elf
            dataSources:
              - kind: ethereum
                events:
                  - address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
                    signatures: ["Transfer(address,address,uint256)"]
            trigger: { onEvents: true }
            """);
        File.WriteAllText(Path.Combine(dir.FullName, "main.c"), "#include \"zkgraph.h\"\nint main(void) { return 7; }\n");
        var build = WscProcess.Run("zkgraph", "build", dir.FullName, "--json");
        Assert.True(build.Exit == 0, build.Stderr);
        var elf = JsonDocument.Parse(build.Stdout).RootElement.GetProperty("elf").GetString()!;

        var (exit, stdout, stderr) = WscProcess.Run("vm", "run", elf);
        Assert.Equal(3, exit);
        Assert.Contains("exit 7", stdout);
        Assert.Equal("wsc: fails.elf: the guest exited with code 7", stderr.Trim());

        (exit, stdout, stderr) = WscProcess.Run("vm", "run", elf, "--json");
        Assert.Equal(3, exit);
        Assert.Equal(7, JsonDocument.Parse(stdout).RootElement.GetProperty("exitCode").GetInt32());
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
