using Npgsql;
using NpgsqlTypes;
using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>The production job store: tables proof_programs, proof_jobs, proof_segments, proof_receipts (deploy/sql/40-proving.sql).</summary>
public sealed class PostgresProofJobStore(NpgsqlDataSource dataSource) : IProofJobStore
{
    public async Task<bool> CreateAsync(ProofJobView job, byte[] program, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var p = new NpgsqlCommand("INSERT INTO proof_programs (image_id, elf) VALUES ($1, $2) ON CONFLICT (image_id) DO NOTHING", conn, tx))
        {
            p.Parameters.AddWithValue(job.ImageId);
            p.Parameters.AddWithValue(program);
            await p.ExecuteNonQueryAsync();
        }
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO proof_jobs (id, graph_id, block_number, image_id, state, job, input, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING", conn, tx);
        cmd.Parameters.AddWithValue(job.Id);
        cmd.Parameters.Add(Text(job.GraphId));
        cmd.Parameters.Add(job.Block is ulong b ? new NpgsqlParameter<long> { TypedValue = checked((long)b) } : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.AddWithValue(job.ImageId);
        cmd.Parameters.AddWithValue((short)job.State);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ProofJobJson.Write(job), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.AddWithValue(input);
        cmd.Parameters.AddWithValue(DateTime.SpecifyKind(job.CreatedUtc, DateTimeKind.Utc));
        var inserted = await cmd.ExecuteNonQueryAsync() == 1;
        await tx.CommitAsync();
        return inserted;
    }

    public async Task SaveAsync(ProofJobView job)
    {
        ArgumentNullException.ThrowIfNull(job);
        // Verified (3) is never replaced, failed (4) only by verified: see IProofJobStore.SaveAsync.
        await using var cmd = dataSource.CreateCommand(
            "WITH u AS (UPDATE proof_jobs SET state = $2, job = $3, updated_at = now() WHERE id = $1 AND state <> 3 AND (state <> 4 OR $2 = 3) RETURNING 1) " +
            "SELECT (SELECT count(*) FROM u), EXISTS (SELECT 1 FROM proof_jobs WHERE id = $1)");
        cmd.Parameters.AddWithValue(job.Id);
        cmd.Parameters.AddWithValue((short)job.State);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ProofJobJson.Write(job), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (reader.GetInt64(0) == 0 && !reader.GetBoolean(1))
        {
            throw new InvalidOperationException($"proof job {job.Id} is not stored");
        }
    }

    public async Task<ProofJobView?> GetAsync(string id)
    {
        await using var cmd = dataSource.CreateCommand("SELECT job::text FROM proof_jobs WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync() is string json ? ProofJobJson.Read(json) : null;
    }

    public async Task<(byte[] Program, byte[] Input)?> InputsAsync(string id)
    {
        await using var cmd = dataSource.CreateCommand("SELECT p.elf, j.input FROM proof_jobs j JOIN proof_programs p ON p.image_id = j.image_id WHERE j.id = $1");
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? (r.GetFieldValue<byte[]>(0), r.GetFieldValue<byte[]>(1)) : null;
    }

    public async Task<IReadOnlyList<ProofJobView>> ListAsync(string? graphId, int limit)
    {
        await using var cmd = dataSource.CreateCommand(graphId is null
            ? "SELECT job::text FROM proof_jobs ORDER BY created_at DESC, id LIMIT $1"
            : "SELECT job::text FROM proof_jobs WHERE graph_id = $2 ORDER BY created_at DESC, id LIMIT $1");
        cmd.Parameters.AddWithValue(limit);
        if (graphId is not null)
        {
            cmd.Parameters.AddWithValue(graphId);
        }
        var jobs = new List<ProofJobView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            jobs.Add(ProofJobJson.Read(r.GetString(0)));
        }
        return jobs;
    }

    public async Task<IReadOnlyDictionary<string, ProofJobState>> StatesAsync(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var states = new Dictionary<string, ProofJobState>();
        if (ids.Count == 0)
        {
            return states;
        }
        await using var cmd = dataSource.CreateCommand("SELECT id, state FROM proof_jobs WHERE id = ANY($1)");
        cmd.Parameters.AddWithValue(ids.Distinct().ToArray());
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            states[r.GetString(0)] = (ProofJobState)r.GetInt16(1);
        }
        return states;
    }

    public async Task SaveSegmentAsync(string id, int index, byte[] segment)
    {
        await using var cmd = dataSource.CreateCommand("INSERT INTO proof_segments (job_id, idx, segment) VALUES ($1, $2, $3) ON CONFLICT (job_id, idx) DO UPDATE SET segment = EXCLUDED.segment");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(index);
        cmd.Parameters.AddWithValue(segment);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyDictionary<int, byte[]>> SegmentsAsync(string id)
    {
        await using var cmd = dataSource.CreateCommand("SELECT idx, segment FROM proof_segments WHERE job_id = $1");
        cmd.Parameters.AddWithValue(id);
        var segments = new Dictionary<int, byte[]>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            segments[r.GetInt32(0)] = r.GetFieldValue<byte[]>(1);
        }
        return segments;
    }

    public async Task SaveReceiptAsync(string id, byte[] receipt)
    {
        await using var cmd = dataSource.CreateCommand("INSERT INTO proof_receipts (job_id, receipt) VALUES ($1, $2) ON CONFLICT (job_id) DO UPDATE SET receipt = EXCLUDED.receipt, stored_at = now()");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(receipt);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<byte[]?> ReceiptAsync(string id)
    {
        await using var cmd = dataSource.CreateCommand("SELECT receipt FROM proof_receipts WHERE job_id = $1");
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync() as byte[];
    }

    private static NpgsqlParameter Text(string? value) =>
        value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text } : new NpgsqlParameter<string> { TypedValue = value };
}
