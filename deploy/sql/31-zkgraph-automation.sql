-- Automation transactions (docs/zkgraphs.md, "Destinations"): fee bumps, reorgs and proof receipts. A new file, not
-- an edit of 30-zkgraphs.sql, because `wsc db migrate` refuses a file whose text changed after it was applied.
-- A fee bump signs the same nonce again: raw/tx_hash become the new signing, the earlier ones stay in `replaced` (any
-- of them may be mined). included_hash names the signing the receipt was read for; a reorg that drops it clears the
-- inclusion. receipt_id names the output's proof when the graph proves.
ALTER TABLE zkgraph_automation ADD COLUMN IF NOT EXISTS replaced bytea[] NOT NULL DEFAULT '{}';
ALTER TABLE zkgraph_automation ADD COLUMN IF NOT EXISTS included_hash bytea;
ALTER TABLE zkgraph_automation ADD COLUMN IF NOT EXISTS receipt_id text;
