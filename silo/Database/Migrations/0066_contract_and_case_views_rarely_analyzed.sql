-- Every declaration updates its contract's and its case's row, so autovacuum re-analyzed both views once a minute
-- under load (after changes equal to a tenth of their rows), each time reading the whole table (75 MB, 0.7-0.85 s,
-- 0.3 s of CPU) while the declarations waited for the cores. Their lists are read through indexes on landlords,
-- agents, statuses and next action dates, whose distributions a 3,000-row sample describes as well and which do not
-- drift as amounts grow: as for grain_state (0059) and the other busy tables (0060), a light sample, taken after as
-- many changes as the table has rows.
ALTER TABLE contracts_view SET (autovacuum_analyze_scale_factor = 1.0);
ALTER TABLE recovery_cases_view SET (autovacuum_analyze_scale_factor = 1.0);
DO $$
DECLARE
    col record;
BEGIN
    FOR col IN
        SELECT c.relname, a.attname
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relname IN ('contracts_view', 'recovery_cases_view')
          AND c.relnamespace = current_schema()::regnamespace
          AND a.attnum > 0 AND NOT a.attisdropped
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS 10', col.relname, col.attname);
    END LOOP;
END
$$;
