-- deploy/sql is applied by `wsc db migrate --connection "..."` in file-name order, each file in its own
-- transaction (so files hold no BEGIN/COMMIT), and recorded by name and SHA-256 in wsc_schema_migrations.
-- A file that has been applied must never change (migrate refuses it): put a schema change in a new,
-- later-numbered file. 00-19: Orleans and core tables; 20-storage.sql: the storage area's tables.
--
-- Orleans' ADO.NET providers (clustering, grain persistence, reminders) issue no SQL of their own:
-- at start-up each reads `SELECT QueryKey, QueryText FROM OrleansQuery` and runs only those texts,
-- binding parameters by name (@DeploymentId, @GrainIdHash, ...) and reading result columns by name.
-- Files 01-03 add the tables and the query rows each provider needs; rows are keyed by the name the
-- provider looks up, so a missing row fails the silo at start-up with "Not all required queries found".
CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);
