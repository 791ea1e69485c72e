-- Every declaration updates its contract's and its case's row, so autovacuum re-analyzed both views once a minute
-- under load (after changes equal to a tenth of their rows), each time reading the whole table (75 MB, 0.7-0.85 s,
-- 0.3 s of CPU) while the declarations waited for the cores. Their lists are read through indexes on landlords,
-- agents, statuses and next action dates, whose distributions a 3,000-row sample describes as well and which do not
-- drift as amounts grow: as for grain_state (0059) and the other busy tables (0060), a light sample, taken after as
-- many changes as the table has rows.
ALTER TABLE contracts_view
    SET (autovacuum_analyze_scale_factor = 1.0),
    ALTER COLUMN contract_number SET STATISTICS 10,
    ALTER COLUMN landlord_id SET STATISTICS 10,
    ALTER COLUMN agent_id SET STATISTICS 10,
    ALTER COLUMN external_ref SET STATISTICS 10,
    ALTER COLUMN visa_number SET STATISTICS 10,
    ALTER COLUMN status SET STATISTICS 10,
    ALTER COLUMN policy_version SET STATISTICS 10,
    ALTER COLUMN park SET STATISTICS 10,
    ALTER COLUMN zone SET STATISTICS 10,
    ALTER COLUMN rent_and_charges SET STATISTICS 10,
    ALTER COLUMN registered_on SET STATISTICS 10,
    ALTER COLUMN exit_date SET STATISTICS 10,
    ALTER COLUMN instalments_used SET STATISTICS 10,
    ALTER COLUMN total_paid_out SET STATISTICS 10,
    ALTER COLUMN version SET STATISTICS 10,
    ALTER COLUMN updated_at SET STATISTICS 10;
ALTER TABLE recovery_cases_view
    SET (autovacuum_analyze_scale_factor = 1.0),
    ALTER COLUMN case_id SET STATISTICS 10,
    ALTER COLUMN contract_number SET STATISTICS 10,
    ALTER COLUMN landlord_id SET STATISTICS 10,
    ALTER COLUMN tenant_subject SET STATISTICS 10,
    ALTER COLUMN state SET STATISTICS 10,
    ALTER COLUMN paid_out SET STATISTICS 10,
    ALTER COLUMN recovered SET STATISTICS 10,
    ALTER COLUMN written_off SET STATISTICS 10,
    ALTER COLUMN next_action_on SET STATISTICS 10,
    ALTER COLUMN missed SET STATISTICS 10,
    ALTER COLUMN version SET STATISTICS 10,
    ALTER COLUMN updated_at SET STATISTICS 10,
    ALTER COLUMN refund_owed_by_landlord SET STATISTICS 10,
    ALTER COLUMN debt SET STATISTICS 10;
