-- Grain states are only ever read by their key, so the planner needs no fresh statistics for them. Autovacuum
-- re-analyzed the table after every 10% of its rows changed (at 2,000 declarations/s on 800,000 states, every
-- 40 s), sampling 30,000 pages of a table of gigabytes: about a second of CPU and, for pages no longer cached, disk
-- reads that stalled the commits queued behind them. Now it waits until as many changes as the table has rows.
ALTER TABLE grain_state SET (autovacuum_analyze_scale_factor = 1.0);
