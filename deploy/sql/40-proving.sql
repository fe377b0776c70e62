-- Proof jobs (docs/proving.md). Applied by `wsc db migrate`, idempotent.
-- A job's plan and segment status are one JSON document (Grains.Interfaces/Proving/ProofJobView.cs); the bytes (the
-- program once per image id, the input, each verified segment proof, the receipt) sit in their own rows, never in
-- grain state. state: 0 queued, 1 proving, 2 assembling, 3 verified, 4 failed (ProofJobState.cs).

CREATE TABLE IF NOT EXISTS proof_programs (
    image_id      text        PRIMARY KEY,
    elf           bytea       NOT NULL
);

CREATE TABLE IF NOT EXISTS proof_jobs (
    id            text        PRIMARY KEY,
    graph_id      text,
    block_number  bigint,
    image_id      text        NOT NULL REFERENCES proof_programs (image_id),
    state         smallint    NOT NULL CHECK (state BETWEEN 0 AND 4),
    job           jsonb       NOT NULL,
    input         bytea       NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- `wsc proofs [--graph ID]` lists the newest jobs, of one graph or of all.
CREATE INDEX IF NOT EXISTS proof_jobs_by_graph ON proof_jobs (graph_id, created_at DESC);
CREATE INDEX IF NOT EXISTS proof_jobs_by_time ON proof_jobs (created_at DESC);

CREATE TABLE IF NOT EXISTS proof_segments (
    job_id        text        NOT NULL REFERENCES proof_jobs (id) ON DELETE CASCADE,
    idx           integer     NOT NULL,
    segment       bytea       NOT NULL,
    PRIMARY KEY (job_id, idx)
);

CREATE TABLE IF NOT EXISTS proof_receipts (
    job_id        text        PRIMARY KEY REFERENCES proof_jobs (id) ON DELETE CASCADE,
    receipt       bytea       NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now()
);
