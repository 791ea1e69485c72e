-- A tenant never owes less than nothing: what it paid beyond its debt (to the guarantor, for rent it also paid the
-- landlord) is owed back to it, and shown apart by the case.
ALTER TABLE recovery_cases_view DROP COLUMN debt;
ALTER TABLE recovery_cases_view ADD COLUMN debt numeric(12, 2)
    GENERATED ALWAYS AS (GREATEST(0, paid_out - refund_owed_by_landlord - recovered - written_off)) STORED;
