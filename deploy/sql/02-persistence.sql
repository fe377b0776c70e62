-- ADO.NET grain persistence (Microsoft.Orleans.Persistence.AdoNet 10.x): one row per grain state.
-- The provider names a state by (ServiceId, GrainTypeString = the state's name, grain key as N0/N1 +
-- extension string) and sends two 32-bit hashes of it for a narrow index. Version is the state's ETag:
-- a write or clear succeeds only against the version the grain last read, so two activations of the
-- same grain (split brain) cannot silently overwrite each other. Only the binary payload is stored:
-- that is the only one the 10.x provider writes.

CREATE TABLE OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL,
    -- NULLS NOT DISTINCT (PostgreSQL 15+): grains without a key extension are still one row each,
    -- which lets the first write use ON CONFLICT instead of a table lock.
    CONSTRAINT UQ_OrleansStorage_Grain UNIQUE NULLS NOT DISTINCT
        (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);

CREATE INDEX IX_OrleansStorage_Hashes ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- Writes a state: inserts version 1 when the grain has never read a row (p_version NULL), otherwise
-- updates only the row at p_version. Returns the new version, or NULL when the grain's version is stale.
CREATE FUNCTION orleans_write_grain_state(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_extension text, p_service_id text, p_version integer, p_payload bytea)
RETURNS integer
LANGUAGE plpgsql AS
$fn$
DECLARE
    new_version integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO OrleansStorage AS s
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
             ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type, p_grain_id_extension,
             p_service_id, p_payload, now(), 1)
        ON CONFLICT ON CONSTRAINT UQ_OrleansStorage_Grain DO NOTHING
        RETURNING s.Version INTO new_version;
    ELSE
        UPDATE OrleansStorage AS s
           SET PayloadBinary = p_payload, ModifiedOn = now(), Version = s.Version + 1
         WHERE s.GrainIdHash = p_grain_id_hash AND s.GrainTypeHash = p_grain_type_hash
           AND s.ServiceId = p_service_id AND s.GrainTypeString = p_grain_type
           AND s.GrainIdN0 = p_grain_id_n0 AND s.GrainIdN1 = p_grain_id_n1
           AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension
           AND s.Version = p_version
        RETURNING s.Version INTO new_version;
    END IF;
    RETURN new_version;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', $q$
    SELECT orleans_write_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion;
$q$),
('ReadFromStorageKey', $q$
    SELECT PayloadBinary, Version
      FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainIdExtensionString IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar);
$q$),
-- Clearing keeps the row (payload NULL) so the version keeps counting and a stale writer still loses.
('ClearStorageKey', $q$
    UPDATE OrleansStorage
       SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainIdExtensionString IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar)
       AND Version = CAST(@GrainStateVersion AS integer)
    RETURNING Version AS NewGrainStateVersion;
$q$),
-- Used instead of ClearStorageKey when the provider runs with DeleteStateOnClear=true.
('DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainIdExtensionString IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS varchar)
       AND Version = CAST(@GrainStateVersion AS integer)
    RETURNING Version + 1 AS NewGrainStateVersion;
$q$);
