-- Read models: what lists and queues read. Grains own the state; these rows are projections of it, each
-- carrying the grain's state version so a late or replayed projection never moves a row backwards.
-- No tenant personal data here: lists show numbers, parties, amounts and statuses.

CREATE TABLE contracts_view (
    contract_number   text PRIMARY KEY,
    landlord_id       text NOT NULL,
    agent_id          text,
    external_ref      text,
    visa_number       text NOT NULL,
    status            text NOT NULL,
    policy_version    text NOT NULL,
    park              text NOT NULL,
    zone              text NOT NULL,
    rent_and_charges  numeric(12, 2) NOT NULL,
    registered_on     date NOT NULL,
    exit_date         date,
    instalments_used  int NOT NULL DEFAULT 0,
    total_paid_out    numeric(12, 2) NOT NULL DEFAULT 0,
    version           int NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contracts_view_by_landlord ON contracts_view (landlord_id, contract_number);
CREATE INDEX contracts_view_by_agent ON contracts_view (agent_id, contract_number) WHERE agent_id IS NOT NULL;
CREATE INDEX contracts_view_by_status ON contracts_view (status, contract_number);

CREATE TABLE payouts_view (
    payout_id        text PRIMARY KEY,
    contract_number  text NOT NULL,
    landlord_id      text NOT NULL,
    kind             text NOT NULL,
    month            text,
    amount           numeric(12, 2) NOT NULL,
    status           text NOT NULL,
    receipt_number   text NOT NULL,
    created_on       date NOT NULL,
    paid_on          date,
    bank_reference   text,
    version          int NOT NULL
);
CREATE INDEX payouts_view_by_status ON payouts_view (status, payout_id);
CREATE INDEX payouts_view_by_contract ON payouts_view (contract_number);
