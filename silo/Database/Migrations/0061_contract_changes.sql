-- A contract's claim events and payouts, appended: one row per state write that adds or changes any, in the same
-- statement as that write, numbered by the state version it made. Until now they were inside the contract's state,
-- rewritten whole (up to 8 KB, compressed and logged again) on every declaration; the state keeps the rest, and how
-- many rows it has here. States written before this keep their lists until their next write moves them to one row.
CREATE TABLE contract_changes (
    contract_number text NOT NULL,
    version int NOT NULL,
    payload bytea NOT NULL,
    PRIMARY KEY (contract_number, version)
);

-- Read by key only (see 0060).
ALTER TABLE contract_changes ALTER COLUMN contract_number SET STATISTICS 10;
ALTER TABLE contract_changes ALTER COLUMN version SET STATISTICS 10;
ALTER TABLE contract_changes ALTER COLUMN payload SET STATISTICS 10;
