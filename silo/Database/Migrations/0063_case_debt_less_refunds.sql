-- What a contract's landlord owes back (the tenant paid it after a payout) is no longer owed by the tenant: the queue's
-- debt leaves it out. The case writes it with its row; the contract's writes keep adding their payouts to paid_out.
ALTER TABLE recovery_cases_view ADD COLUMN refund_owed_by_landlord numeric(12, 2) NOT NULL DEFAULT 0;
ALTER TABLE recovery_cases_view DROP COLUMN debt;
ALTER TABLE recovery_cases_view ADD COLUMN debt numeric(12, 2)
    GENERATED ALWAYS AS (paid_out - refund_owed_by_landlord - recovered - written_off) STORED;
