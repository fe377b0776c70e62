-- zkGraph outputs (docs/zkgraphs.md). Applied by `wsc db migrate`, idempotent.
-- One row per (graph, block hash): a reorg adds a row for the new block and marks the replaced one orphaned, so both
-- stay readable. status: 0 executed, 1 final, 2 orphaned, 3 failed (Grains.Interfaces/ZkGraphs/ZkGraphOutputStatus.cs).

CREATE TABLE IF NOT EXISTS zkgraph_outputs (
    graph_id      bytea       NOT NULL CHECK (octet_length(graph_id) = 32),
    block_hash    bytea       NOT NULL CHECK (octet_length(block_hash) = 32),
    block_number  bigint      NOT NULL,
    status        smallint    NOT NULL CHECK (status BETWEEN 0 AND 3),
    output        bytea       NOT NULL,
    exit_code     integer,
    error         text,
    cycles        bigint      NOT NULL,
    input_digest  text        NOT NULL,
    receipt_id    text,
    destinations  text[]      NOT NULL DEFAULT '{}',
    recorded_at   timestamptz NOT NULL,
    PRIMARY KEY (graph_id, block_hash)
);

-- `wsc zkgraph outputs ID --from --to` reads a graph's outputs by height; a reorg orphans a block's outputs by hash.
CREATE INDEX IF NOT EXISTS zkgraph_outputs_by_height ON zkgraph_outputs (graph_id, block_number);
CREATE INDEX IF NOT EXISTS zkgraph_outputs_by_block ON zkgraph_outputs (block_hash);

-- The settle step marks executed rows (status 0) final as the chain advances: only those rows are scanned.
CREATE INDEX IF NOT EXISTS zkgraph_outputs_unsettled ON zkgraph_outputs (graph_id, block_number) WHERE status = 0;

-- Automation transactions (destination kind: ethereum): signed and stored BEFORE they are sent, one per (graph, block
-- hash), one per (automation key, nonce); a restart re-sends the stored bytes. included_in/succeeded from the receipt.
CREATE TABLE IF NOT EXISTS zkgraph_automation (
    graph_id      bytea       NOT NULL CHECK (octet_length(graph_id) = 32),
    block_hash    bytea       NOT NULL CHECK (octet_length(block_hash) = 32),
    block_number  bigint      NOT NULL,
    sender        bytea       NOT NULL CHECK (octet_length(sender) = 20),
    nonce         bigint      NOT NULL,
    tx_hash       bytea       NOT NULL CHECK (octet_length(tx_hash) = 32),
    raw           bytea       NOT NULL,
    included_in   bigint,
    succeeded     boolean,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (graph_id, block_hash),
    UNIQUE (sender, nonce)
);
