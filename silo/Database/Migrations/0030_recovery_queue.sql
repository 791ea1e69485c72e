-- The recovery staff's work queue: one row per case, projected from RecoveryCaseGrain, sorted by next action.
CREATE TABLE recovery_cases_view (
    case_id          text PRIMARY KEY,
    contract_number  text NOT NULL,
    landlord_id      text NOT NULL,
    tenant_subject   text,
    state            text NOT NULL,
    paid_out         numeric(12, 2) NOT NULL,
    recovered        numeric(12, 2) NOT NULL,
    written_off      numeric(12, 2) NOT NULL,
    debt             numeric(12, 2) NOT NULL,
    next_action_on   date,
    missed           int NOT NULL DEFAULT 0,
    version          int NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recovery_queue ON recovery_cases_view (next_action_on, case_id);
CREATE INDEX recovery_by_state ON recovery_cases_view (state, next_action_on, case_id);
