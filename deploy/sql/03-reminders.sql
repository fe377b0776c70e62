-- ADO.NET reminders (Microsoft.Orleans.Reminders.AdoNet 10.x): one row per (grain, reminder name).
-- GrainHash is the grain's uniform hash cast to a signed int; each silo reads the reminders whose hash
-- falls in its ring range. Period is in milliseconds. Version is the reminder's ETag.

CREATE TABLE OrleansRemindersTable
(
    ServiceId    varchar(150) NOT NULL,
    GrainId      varchar(512) NOT NULL,
    ReminderName varchar(150) NOT NULL,
    StartTime    timestamptz  NOT NULL,
    Period       bigint       NOT NULL,
    GrainHash    integer      NOT NULL,
    Version      integer      NOT NULL,
    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IX_OrleansRemindersTable_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
    INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
       SET StartTime = EXCLUDED.StartTime, Period = EXCLUDED.Period, GrainHash = EXCLUDED.GrainHash,
           Version = r.Version + 1
    RETURNING r.Version;
$q$),
('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$q$),
('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$q$),
-- The provider uses this one when BeginHash < EndHash as signed ints: the range does not wrap.
('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$q$),
-- ... and this one when the range wraps around the end of the ring.
('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),
('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM OrleansRemindersTable
         WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
           AND Version = @Version
        RETURNING 1)
    SELECT count(*) > 0 FROM deleted;
$q$),
('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$q$);
