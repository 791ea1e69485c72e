-- Grain state, written by the project's own batching storage provider (grains/Grains/Storage) instead of the stock
-- ADO.NET one: one row per (service, grain type, key, state name), the etag an integer bumped on every write.
-- Owning the row shape lets bulk activation write many contracts' state in one multi-row statement, the very rows
-- the contract grains read afterwards. The provider coalesces concurrent grains' reads and writes into one round
-- trip and one commit.
--
-- The orleansstorage table of 0003 is no longer written; states stored there before this migration are not moved
-- (the engine has not gone live; a development database is recreated by deleting `.data/`).
CREATE TABLE grain_state (
    service_id   text        NOT NULL,
    grain_type   text        NOT NULL,
    grain_key    text        NOT NULL,
    state_name   text        NOT NULL,
    etag         integer     NOT NULL,
    -- NULL once cleared: the row keeps its etag so a cleared grain's next write is still guarded.
    payload      bytea,
    modified_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key, state_name, service_id)
);
