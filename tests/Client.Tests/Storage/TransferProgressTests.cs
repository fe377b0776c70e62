using Wsc.Client.Storage;

namespace Wsc.Client.Tests.Storage;

public sealed class TransferProgressTests
{
    [Fact]
    public void Progress_rewrites_one_line_and_ends_it_when_complete()
    {
        var terminal = new StringWriter();
        using (var progress = new TransferProgress("put web3://x: uploading", 4L << 20, terminal, TimeSpan.Zero))
        {
            progress.Add(1L << 20);
            progress.Add(3L << 20);
            progress.Add(0); // after completion nothing more is drawn
        }
        var text = terminal.ToString();
        var draws = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, draws.Length);
        Assert.StartsWith("put web3://x: uploading 1.0 of 4.0 MiB (25 %), ", draws[0], StringComparison.Ordinal);
        Assert.StartsWith("put web3://x: uploading 4.0 of 4.0 MiB (100 %), ", draws[1], StringComparison.Ordinal);
        Assert.EndsWith("MiB/s\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_transfer_cut_short_still_ends_its_line_so_the_error_starts_on_its_own()
    {
        var terminal = new StringWriter();
        using (var progress = new TransferProgress("get", 10, terminal, TimeSpan.Zero))
        {
            progress.Add(3);
        }
        Assert.EndsWith("\n", terminal.ToString(), StringComparison.Ordinal);
        Assert.Contains("(30 %)", terminal.ToString(), StringComparison.Ordinal);
    }
}
