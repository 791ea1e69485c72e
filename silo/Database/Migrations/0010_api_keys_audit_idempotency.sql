-- API keys: only a SHA-256 hash of the secret is stored; keys are random 256-bit values, so a slow
-- password hash adds nothing. The prefix identifies a key in lists and logs without revealing it.
CREATE TABLE api_keys (
    key_id      text PRIMARY KEY,
    key_hash    bytea NOT NULL UNIQUE,
    role        text NOT NULL CHECK (role IN ('landlord', 'partner', 'tenant', 'staff', 'admin', 'operator')),
    subject     text NOT NULL,
    -- for a partner: the landlords it manages (it may act for them)
    managed     text[] NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Append-only trail of every command: who, when, what, result. Never personal data.
CREATE TABLE audit_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    actor_role    text NOT NULL,
    actor_subject text NOT NULL,
    action        text NOT NULL,
    target        text,
    status        int NOT NULL,
    code          text
);
CREATE INDEX audit_log_target ON audit_log (target, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Idempotency-Key replay store: the first response to (subject, route, key) is kept and replayed.
CREATE TABLE idempotency_keys (
    scope         text NOT NULL,
    key           text NOT NULL,
    request_hash  bytea NOT NULL,
    status        int,
    content_type  text,
    body          bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);

-- Business numbers: V + 11 digits for visas, A + 11 digits for contracts, P- for payouts.
CREATE SEQUENCE visa_number_seq START 10000000001 MAXVALUE 99999999999;
CREATE SEQUENCE contract_number_seq START 10000000001 MAXVALUE 99999999999;
CREATE SEQUENCE payout_number_seq START 1;
