-- Storage network tables (docs/storage.md). Applied by the migration command, idempotent.
-- The index says what each shard must hold; the data table holds the masked replica bytes. They are separate so
-- that bytes lost behind the cluster's back (rows deleted, a disk restored from an old backup) still leave the
-- index entry that sampling checks, which is how a lost replica is found and repaired.

CREATE TABLE IF NOT EXISTS storage_blob_index (
    shard      integer     NOT NULL,
    root       bytea       NOT NULL,
    replica    smallint    NOT NULL,
    length     integer     NOT NULL CHECK (length BETWEEN 0 AND 131072),
    stored_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shard, root, replica)
);

CREATE TABLE IF NOT EXISTS storage_blob_data (
    shard      integer     NOT NULL,
    root       bytea       NOT NULL,
    replica    smallint    NOT NULL,
    data       bytea       NOT NULL,
    tag        bytea,
    PRIMARY KEY (shard, root, replica)
);

-- The blob's GMAC tag under the silos' secret (Storage/Tags/BlobTagger.cs): lets a read skip rebuilding the keccak
-- tree. NULL (older rows, writers without the secret) means readers check the Merkle root instead.
ALTER TABLE storage_blob_data ADD COLUMN IF NOT EXISTS tag bytea;

-- Masked bytes are incompressible: skip pglz, and keep substring() reads of one sampled cell cheap.
ALTER TABLE storage_blob_data ALTER COLUMN data SET STORAGE EXTERNAL;
