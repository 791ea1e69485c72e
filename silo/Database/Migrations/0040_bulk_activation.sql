-- Partner bulk activation. An upload is COPYed into bulk_rows as it streams in (never held in memory); a
-- BulkActivationGrain then works through it in batches, committing each batch's results, counters and cursor in one
-- transaction, so a job resumes after a crash from its last committed batch with no lost or duplicated row.

CREATE TABLE bulk_jobs (
    job_id          text PRIMARY KEY,
    partner_id      text NOT NULL,
    managed         text[] NOT NULL DEFAULT '{}',
    format          text NOT NULL,
    state           text NOT NULL,           -- RECEIVING, QUEUED, RUNNING, DONE, FAILED
    total           int NOT NULL DEFAULT 0,
    processed       int NOT NULL DEFAULT 0,
    activated       int NOT NULL DEFAULT 0,
    already_active  int NOT NULL DEFAULT 0,
    rejected        int NOT NULL DEFAULT 0,
    cursor_line     int NOT NULL DEFAULT 0,  -- last line whose result is committed
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    error           text
);
CREATE INDEX bulk_jobs_by_partner ON bulk_jobs (partner_id, created_at);

-- One row per input line, typed where it parsed; parse_error names the first bad column otherwise.
CREATE TABLE bulk_rows (
    job_id            text NOT NULL,
    line              int NOT NULL,
    external_ref      text,
    visa_number       text,
    tenant_last_name  text,
    tenant_first_name text,
    landlord_id       text,
    park              text,
    zone              text,
    address           text,
    rent              numeric(12, 2),
    charges           numeric(12, 2),
    deposit           numeric(12, 2),
    signed_on         date,
    effective_on      date,
    term_months       int,
    registered_on     date,
    parse_error       text,
    -- the contract number given to this row before its activation, so a resumed batch reuses it
    contract_number   text,
    PRIMARY KEY (job_id, line)
);

CREATE TABLE bulk_results (
    job_id           text NOT NULL,
    line             int NOT NULL,
    external_ref     text,
    status           text NOT NULL,          -- activated, already_active, rejected
    contract_number  text,
    codes            text[] NOT NULL DEFAULT '{}',
    detail           text,                   -- for row_malformed: the column and what is wrong with it
    PRIMARY KEY (job_id, line)
);

-- A partner's own reference is activated once, whatever the upload it came in.
CREATE TABLE partner_refs (
    partner_id       text NOT NULL,
    external_ref     text NOT NULL,
    contract_number  text NOT NULL,
    PRIMARY KEY (partner_id, external_ref)
);
