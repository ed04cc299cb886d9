-- Two indexes that no query uses any more, kept up to date with every case written: the complainant's address as
-- written (looked up by complainant_key since version 003) and the status (only `cases list --status` filters on it,
-- in a form no index serves).
DROP INDEX IF EXISTS ix_cases_complainant;
DROP INDEX IF EXISTS ix_cases_status;
