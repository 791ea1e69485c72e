-- Orleans ADO.NET clustering (membership) for Orleans 10.4.2, used by the silos and, through GatewaysQueryKey,
-- by the Orleans client of the API.
--
-- Contract with the provider (Orleans.Clustering.AdoNet 10.4.2):
--   * required keys, checked at start-up: InsertMembershipVersionKey, UpdateIAmAlivetimeKey, InsertMembershipKey,
--     UpdateMembershipKey, MembershipReadRowKey, MembershipReadAllKey, DeleteMembershipTableEntriesKey,
--     GatewaysQueryKey, CleanupDefunctSiloEntriesKey (some published scripts lacked this one: the silo then
--     refuses to start).
--   * optional key CleanupDefunctSiloEntryKey: when present, 10.4.2 reads the whole table, picks the Dead rows
--     whose start, heartbeat and every suspicion vote are older than the cut-off, and deletes each one only if
--     it still holds the values it read. CleanupDefunctSiloEntriesKey is then not used.
--   * the etag of the table is the integer version of orleansmembershipversiontable; the insert and update
--     queries must change nothing and return 0 when the caller's @Version is not the current one.
--   * boolean results are one row with one column (> 0 means success).
--   * read queries return columns named DeploymentId, Address, Port, Generation, SiloName, HostName, Status,
--     ProxyPort, SuspectTimes, StartTime, IAmAliveTime, Version (a version row without member gives the
--     member columns as NULL); the gateway query returns Address, ProxyPort, Generation.
--   * Status is Orleans' SiloStatus: 3 = Active, 6 = Dead.
-- Date-time parameters arrive as UTC; the columns are timestamptz with millisecond precision.

-- One row per cluster (DeploymentId = ClusterOptions.ClusterId): the membership table's version.
CREATE TABLE orleansmembershipversiontable (
    deploymentid varchar(150)   NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT orleansmembershipversiontable_pk PRIMARY KEY (deploymentid)
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE orleansmembershiptable (
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NOT NULL DEFAULT 0,
    suspecttimes text           NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    CONSTRAINT orleansmembershiptable_pk PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT orleansmembershiptable_version_fk FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Adds a silo row and bumps the version, both or neither. The version row is locked first (and only if it still
-- holds the expected version), so no other writer can move the version between the check and the bump. No
-- ASSERT is used: assertions can be switched off by plpgsql.check_asserts.
CREATE FUNCTION orleans_membership_insert(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_silo_name      text,
    p_host_name      text,
    p_status         integer,
    p_proxy_port     integer,
    p_start_time     timestamptz,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable
     WHERE deploymentid = p_deployment_id
       AND version = p_version
       AND version < 2147483647
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive)
    ON CONFLICT ON CONSTRAINT orleansmembershiptable_pk DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment_id;
    RETURN QUERY SELECT 1;
END
$$;

-- Updates a silo row (status, suspicions, heartbeat) and bumps the version, both or neither.
CREATE FUNCTION orleans_membership_update(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_status         integer,
    p_suspect_times  text,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable
     WHERE deploymentid = p_deployment_id
       AND version = p_version
       AND version < 2147483647
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    UPDATE orleansmembershiptable
       SET status = p_status,
           suspecttimes = p_suspect_times,
           -- a heartbeat may have landed after the caller read the row: never move it backwards
           iamalivetime = greatest(iamalivetime, p_i_am_alive)
     WHERE deploymentid = p_deployment_id
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment_id;
    RETURN QUERY SELECT 1;
END
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO orleansmembershipversiontable (deploymentid)
    VALUES (@DeploymentId)
    ON CONFLICT ON CONSTRAINT orleansmembershipversiontable_pk DO NOTHING
    RETURNING 1)
SELECT count(*)::integer AS row_count FROM inserted;
$q$),

('InsertMembershipKey', $q$
SELECT row_count FROM orleans_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),

('UpdateMembershipKey', $q$
SELECT row_count FROM orleans_membership_update(
    @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$),

-- Heartbeat: not versioned, never fails, never moves the time backwards.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleansmembershiptable
   SET iamalivetime = greatest(iamalivetime, @IAmAliveTime)
 WHERE deploymentid = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation;
$q$),

('MembershipReadRowKey', $q$
SELECT v.deploymentid AS "DeploymentId",
       m.address      AS "Address",
       m.port         AS "Port",
       m.generation   AS "Generation",
       m.siloname     AS "SiloName",
       m.hostname     AS "HostName",
       m.status       AS "Status",
       m.proxyport    AS "ProxyPort",
       m.suspecttimes AS "SuspectTimes",
       m.starttime    AS "StartTime",
       m.iamalivetime AS "IAmAliveTime",
       v.version      AS "Version"
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m
    ON m.deploymentid = v.deploymentid
   AND m.address = @Address
   AND m.port = @Port
   AND m.generation = @Generation
 WHERE v.deploymentid = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
SELECT v.deploymentid AS "DeploymentId",
       m.address      AS "Address",
       m.port         AS "Port",
       m.generation   AS "Generation",
       m.siloname     AS "SiloName",
       m.hostname     AS "HostName",
       m.status       AS "Status",
       m.proxyport    AS "ProxyPort",
       m.suspecttimes AS "SuspectTimes",
       m.starttime    AS "StartTime",
       m.iamalivetime AS "IAmAliveTime",
       v.version      AS "Version"
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
 WHERE v.deploymentid = @DeploymentId;
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$),

-- Gateway list for Orleans clients: the provider passes @Status = 3 (Active).
('GatewaysQueryKey', $q$
SELECT address    AS "Address",
       proxyport  AS "ProxyPort",
       generation AS "Generation"
  FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId
   AND status = @Status
   AND proxyport > 0;
$q$),

-- Defunct-silo cleanup (required key, missing from some published scripts). Removes only Dead rows (status 6)
-- that neither started nor sent a heartbeat since the cut-off @IAmAliveTime; live, joining or stopping silos
-- are never deleted and the table version is not touched.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId
   AND status = 6
   AND iamalivetime < @IAmAliveTime
   AND starttime < @IAmAliveTime;
$q$),

-- Optional per-row cleanup used by 10.4.2 when present: deletes one Dead row only if it still has the start
-- time, heartbeat and suspicion list the provider read (so a row changed in between is left alone).
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId
   AND status = 6
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
   AND starttime = @StartTime
   AND iamalivetime = @IAmAliveTime
   AND coalesce(suspecttimes, '') = coalesce(@SuspectTimes, '');
$q$);
