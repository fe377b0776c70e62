using Npgsql;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Fixtures;

public sealed class FixtureSmokeTests
{
    [Fact]
    public async Task Postgres_server_starts_on_a_random_port_and_takes_queries()
    {
        using var pg = new PostgresServer();
        await using var conn = new NpgsqlConnection(pg.CreateDatabase());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select 40 + 2", conn);
        Assert.Equal(42, (int)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Anvil_node_answers_with_its_chain_id_and_mines_on_demand()
    {
        using var anvil = new AnvilNode(chainId: 31337);
        Assert.Equal("0x7a69", (await anvil.CallAsync("eth_chainId")).GetString());
        await anvil.MineAsync(3);
        Assert.Equal("0x3", (await anvil.CallAsync("eth_blockNumber")).GetString());
    }
}
