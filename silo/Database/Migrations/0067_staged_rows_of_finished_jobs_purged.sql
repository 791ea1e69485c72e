-- A partner file's staged rows hold tenants' names and addresses, rejected rows' included, and serve only to run the
-- job: once it is DONE or FAILED its results say what became of each row. The job's grain now deletes them when it
-- finishes; these are the rows of the jobs that finished before.
DELETE FROM bulk_rows r
USING bulk_jobs j
WHERE r.job_id = j.job_id AND j.state IN ('DONE', 'FAILED');
