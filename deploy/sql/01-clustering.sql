-- ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.x): the membership table.
-- One version row per cluster (DeploymentId = ClusterId) acts as the table's ETag: every membership
-- write bumps it only when the caller's version matches, so concurrent silos never overwrite each other.
-- Status values are Orleans' SiloStatus: 3 = Active, 6 = Dead.

CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

CREATE TABLE OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL DEFAULT 0,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Inserts a silo's row and bumps the table version, both or neither: returns 1 on success, 0 when the
-- caller's version is stale or the silo (address, port, generation) already has a row.
CREATE FUNCTION orleans_insert_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$fn$
BEGIN
    -- The inner block is a savepoint: a duplicate row undoes the version bump before returning 0.
    BEGIN
        UPDATE OrleansMembershipVersionTable AS v
           SET Version = v.Version + 1, Timestamp = now()
         WHERE v.DeploymentId = p_deployment_id AND v.Version = p_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES
            (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
             COALESCE(p_proxy_port, 0), p_start_time, p_i_am_alive_time);
        RETURN 1;
    EXCEPTION WHEN unique_violation THEN
        RETURN 0;
    END;
END
$fn$;

-- Updates a silo's status and suspicions and bumps the table version, both or neither (1 or 0).
-- IAmAliveTime never moves backwards: a late write cannot make a live silo look older than it is.
CREATE FUNCTION orleans_update_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$fn$
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable AS v
           SET Version = v.Version + 1, Timestamp = now()
         WHERE v.DeploymentId = p_deployment_id AND v.Version = p_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;
        UPDATE OrleansMembershipTable AS m
           SET Status = p_status,
               SuspectTimes = p_suspect_times,
               IAmAliveTime = GREATEST(m.IAmAliveTime, p_i_am_alive_time)
         WHERE m.DeploymentId = p_deployment_id AND m.Address = p_address
           AND m.Port = p_port AND m.Generation = p_generation;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no membership row' USING ERRCODE = 'no_data_found';
        END IF;
        RETURN 1;
    EXCEPTION WHEN no_data_found THEN
        RETURN 0;
    END;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted;
$q$),
('InsertMembershipKey', $q$
    SELECT orleans_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
    SELECT orleans_update_membership(@DeploymentId, @Address, @Port, @Generation, @Status,
        @SuspectTimes, @IAmAliveTime, @Version);
$q$),
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
       SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
     WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),
('MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId
       AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
      FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),
-- Used only when CleanupDefunctSiloEntryKey is absent: drops Dead rows silent since the cutoff.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = 6
       AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime;
$q$),
-- The provider picks the Dead rows past the cutoff itself, then deletes each one only if it still
-- holds the values it read, so a row that changed in between is left alone.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
       AND Status = 6 AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
       AND COALESCE(SuspectTimes, '') = COALESCE(CAST(@SuspectTimes AS text), '');
$q$);
