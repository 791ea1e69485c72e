-- Orleans ADO.NET grain storage for Orleans 10.4.2 (AddAdoNetGrainStorage, invariant "Npgsql").
--
-- Contract with the provider (Orleans.Persistence.AdoNet 10.4.2):
--   * at start it reads WriteToStorageKey, ReadFromStorageKey, ClearStorageKey (all three required) and
--     DeleteStorageKey (needed only with DeleteStateOnClear = true).
--   * parameters: @GrainIdHash int, @GrainIdN0 bigint, @GrainIdN1 bigint, @GrainTypeHash int,
--     @GrainTypeString text, @GrainIdExtensionString text (NULL when none), @ServiceId text,
--     @GrainStateVersion int (the etag, NULL for a grain that has no row yet), @PayloadBinary bytea.
--   * grain key mapping: integer key -> n0 = 0, n1 = key; Guid key -> n0/n1 = its two 64-bit halves; any other
--     key -> n0 = n1 = 0 and the whole key text in grainidextensionstring; a key extension goes to
--     grainidextensionstring. The hashes are computed by the provider (Orleans StableHash by default).
--   * read returns columns PayloadBinary and Version (by name); a NULL payload means "no record" while Version
--     is still the etag to write against.
--   * write returns one row with column NewGrainStateVersion; clear and delete return the new version in their
--     first column. The provider raises InconsistentStateException when that value is NULL/empty, equal to
--     the etag it sent, or when no row comes back while it sent an etag. NB: a write returning NO row for a
--     grain without etag would be taken as success, so the write function always returns exactly one row.
--   * state is serialized by Orleans' binary serializer (OrleansGrainStorageSerializer) into payloadbinary;
--     10.4.2 reads and writes no other payload column, so the stock json/xml columns are not created.

CREATE TABLE orleansstorage (
    grainidhash            integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypehash          integer     NOT NULL,
    graintypestring        text        NOT NULL,
    -- Trap 3 (digit-only string keys colliding once converted to numbers): keys and extensions stay text,
    -- stored and compared exactly as the provider sends them; nothing here parses them.
    grainidextensionstring text        NULL,
    serviceid              text        NOT NULL,
    payloadbinary          bytea       NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    version                integer     NOT NULL,
    -- Trap 2: the stock table has only a non-unique index, so two racing first writes could both insert.
    -- One row per grain identity, the grain TYPE included (trap 1); NULLS NOT DISTINCT so that grains
    -- without key extension (NULL) are unique too.
    CONSTRAINT orleansstorage_grain_uq UNIQUE NULLS NOT DISTINCT
        (grainidhash, serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
);

-- Writes a grain's state.
--   etag NULL     -> first write: insert version 1. A concurrent first write of the same grain meets the unique
--                    key and inserts nothing (ON CONFLICT DO NOTHING waits for the other one, then skips), so
--                    the loser gets NULL, i.e. an etag conflict, never a unique-violation error.
--   etag not NULL -> update only if the stored version is that etag; returns etag + 1, else NULL (conflict).
-- Trap 1: every match includes graintypestring (and its hash): two grain types with equal keys never share
-- or overwrite one another's row.
CREATE FUNCTION orleans_storage_write(
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_type_hash  integer,
    p_grain_type       text,
    p_grain_id_ext     text,
    p_service_id       text,
    p_version          integer,
    p_payload          bytea)
RETURNS TABLE (newgrainstateversion integer)
LANGUAGE plpgsql AS $$
DECLARE
    v integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO orleansstorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
             serviceid, payloadbinary, modifiedon, version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type, p_grain_id_ext,
             p_service_id, p_payload, now(), 1)
        ON CONFLICT ON CONSTRAINT orleansstorage_grain_uq DO NOTHING
        RETURNING version INTO v;
    ELSE
        UPDATE orleansstorage
           SET payloadbinary = p_payload,
               modifiedon = now(),
               version = version + 1
         WHERE grainidhash = p_grain_id_hash
           AND graintypehash = p_grain_type_hash
           AND graintypestring = p_grain_type
           AND grainidn0 = p_grain_id_n0
           AND grainidn1 = p_grain_id_n1
           AND grainidextensionstring IS NOT DISTINCT FROM p_grain_id_ext
           AND serviceid = p_service_id
           AND version = p_version
        RETURNING version INTO v;
    END IF;
    -- always one row: NULL tells the provider the write did not happen
    RETURN QUERY SELECT v;
END
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', $q$
SELECT newgrainstateversion AS "NewGrainStateVersion"
  FROM orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                             @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
$q$),

('ReadFromStorageKey', $q$
SELECT payloadbinary AS "PayloadBinary",
       version       AS "Version"
  FROM orleansstorage
 WHERE grainidhash = @GrainIdHash
   AND graintypehash = @GrainTypeHash
   AND graintypestring = @GrainTypeString
   AND grainidn0 = @GrainIdN0
   AND grainidn1 = @GrainIdN1
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND serviceid = @ServiceId;
$q$),

-- Clear keeps the row (payload NULL, version + 1) so the next write is an etag-checked update.
('ClearStorageKey', $q$
UPDATE orleansstorage
   SET payloadbinary = NULL,
       modifiedon = now(),
       version = version + 1
 WHERE grainidhash = @GrainIdHash
   AND graintypehash = @GrainTypeHash
   AND graintypestring = @GrainTypeString
   AND grainidn0 = @GrainIdN0
   AND grainidn1 = @GrainIdN1
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND serviceid = @ServiceId
   AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
$q$),

-- Used instead of ClearStorageKey when DeleteStateOnClear = true: removes the row (next write inserts).
('DeleteStorageKey', $q$
DELETE FROM orleansstorage
 WHERE grainidhash = @GrainIdHash
   AND graintypehash = @GrainTypeHash
   AND graintypestring = @GrainTypeString
   AND grainidn0 = @GrainIdN0
   AND grainidn1 = @GrainIdN1
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND serviceid = @ServiceId
   AND version = @GrainStateVersion
RETURNING version + 1 AS "NewGrainStateVersion";
$q$);
