using Npgsql;
using NpgsqlTypes;

namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>The production automation store: table zkgraph_automation (deploy/sql/30-zkgraphs.sql) via Npgsql.</summary>
public sealed class PostgresAutomationStore(NpgsqlDataSource dataSource) : IAutomationStore
{
    private const string Columns = "graph_id, block_number, block_hash, sender, nonce, tx_hash, raw, included_in, succeeded";

    public async Task<AutomationTransaction?> FindAsync(string graphId, string blockHash)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM zkgraph_automation WHERE graph_id = $1 AND block_hash = $2");
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(graphId).ToArray()));
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(blockHash).ToArray()));
        return await ReadOneAsync(cmd);
    }

    public async Task<ulong> NextNonceAsync(string from)
    {
        await using var cmd = dataSource.CreateCommand("SELECT max(nonce) + 1 FROM zkgraph_automation WHERE sender = $1");
        cmd.Parameters.Add(Bytes(Wsc.Chain.Address.Parse(from).ToArray()));
        return await cmd.ExecuteScalarAsync() is long next ? (ulong)next : 0;
    }

    public async Task<AutomationTransaction?> AddAsync(AutomationTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        // Either unique key taken: nothing is inserted. Then the stored transaction of this output, if any, stands.
        await using var cmd = dataSource.CreateCommand(
            $"INSERT INTO zkgraph_automation ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL) ON CONFLICT DO NOTHING RETURNING {Columns}");
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(tx.GraphId).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)tx.Number) });
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(tx.BlockHash).ToArray()));
        cmd.Parameters.Add(Bytes(Wsc.Chain.Address.Parse(tx.From).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)tx.Nonce) });
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(tx.TxHash).ToArray()));
        cmd.Parameters.Add(Bytes(tx.Raw));
        return await ReadOneAsync(cmd) ?? await FindAsync(tx.GraphId, tx.BlockHash);
    }

    public async Task IncludedAsync(string graphId, string blockHash, ulong block, bool succeeded)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE zkgraph_automation SET included_in = $3, succeeded = $4 WHERE graph_id = $1 AND block_hash = $2");
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(graphId).ToArray()));
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(blockHash).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)block) });
        cmd.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = succeeded });
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<AutomationTransaction?> ReadOneAsync(NpgsqlCommand cmd)
    {
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync())
        {
            return null;
        }
        return new AutomationTransaction(
            Hex(r.GetFieldValue<byte[]>(0)), (ulong)r.GetInt64(1), Hex(r.GetFieldValue<byte[]>(2)), Hex(r.GetFieldValue<byte[]>(3)),
            (ulong)r.GetInt64(4), Hex(r.GetFieldValue<byte[]>(5)), r.GetFieldValue<byte[]>(6),
            r.IsDBNull(7) ? null : (ulong)r.GetInt64(7), r.IsDBNull(8) ? null : r.GetBoolean(8));
    }

    private static NpgsqlParameter<byte[]> Bytes(byte[] value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bytea };

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
