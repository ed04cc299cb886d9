-- The sweep looks for the pending deadlines due by today, and claims a batch of them by id. An index of only the
-- pending ones, by due day, serves the first and stays small; and it leaves the second to the primary key, where an
-- index that starts with the state tempted SQLite to read every pending deadline to find a hundred.

DROP INDEX ix_case_deadlines_due;
CREATE INDEX ix_case_deadlines_pending ON case_deadlines (due_on, id) WHERE state = 'Pending';
