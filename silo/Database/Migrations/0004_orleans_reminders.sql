-- Orleans ADO.NET reminders for Orleans 10.4.2 (UseAdoNetReminderService, invariant "Npgsql").
--
-- Contract with the provider (Orleans.Reminders.AdoNet 10.4.2):
--   * required keys, checked at start-up: ReadReminderRowsKey, ReadReminderRowKey, ReadRangeRows1Key,
--     ReadRangeRows2Key, UpsertReminderRowKey, DeleteReminderRowKey, DeleteReminderRowsKey.
--   * parameters: @ServiceId, @GrainId (GrainId.ToString(), e.g. "type/key"), @ReminderName,
--     @StartTime (UTC), @Period (milliseconds; int or bigint), @GrainHash, @BeginHash, @EndHash (the uint
--     uniform hashes cast to signed int), @Version (the etag, an int).
--   * reads return GrainId, ReminderName, StartTime, Period (read as Int64: bigint), Version, by name.
--   * the upsert returns the row's new Version; the delete returns one row, one column, > 0 when deleted.
--   * ReadRangeRows1Key serves ranges with (int)begin < (int)end: begin < hash <= end;
--     ReadRangeRows2Key serves the wrapping ranges: hash > begin OR hash <= end.

CREATE TABLE orleansreminderstable (
    serviceid    varchar(150)   NOT NULL,
    grainid      text           NOT NULL,
    remindername varchar(150)   NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,
    CONSTRAINT orleansreminderstable_pk PRIMARY KEY (serviceid, grainid, remindername)
);

-- Each silo reads the reminders of its hash range.
CREATE INDEX orleansreminderstable_range_ix ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO orleansreminderstable AS r
    (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT ON CONSTRAINT orleansreminderstable_pk DO UPDATE
   SET starttime = excluded.starttime,
       period = excluded.period,
       grainhash = excluded.grainhash,
       version = r.version + 1
RETURNING r.version AS "Version";
$q$),

('ReadReminderRowsKey', $q$
SELECT grainid      AS "GrainId",
       remindername AS "ReminderName",
       starttime    AS "StartTime",
       period       AS "Period",
       version      AS "Version"
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND grainid = @GrainId;
$q$),

('ReadReminderRowKey', $q$
SELECT grainid      AS "GrainId",
       remindername AS "ReminderName",
       starttime    AS "StartTime",
       period       AS "Period",
       version      AS "Version"
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND grainid = @GrainId
   AND remindername = @ReminderName;
$q$),

('ReadRangeRows1Key', $q$
SELECT grainid      AS "GrainId",
       remindername AS "ReminderName",
       starttime    AS "StartTime",
       period       AS "Period",
       version      AS "Version"
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND grainhash > @BeginHash
   AND grainhash <= @EndHash;
$q$),

('ReadRangeRows2Key', $q$
SELECT grainid      AS "GrainId",
       remindername AS "ReminderName",
       starttime    AS "StartTime",
       period       AS "Period",
       version      AS "Version"
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$q$),

('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND grainid = @GrainId
       AND remindername = @ReminderName
       AND version = @Version
    RETURNING 1)
SELECT count(*)::integer AS row_count FROM deleted;
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
$q$);
