-- The sweep looks for the pending deadlines due by today. An index of only the pending ones, by due day, serves it and
-- stays small. The index it replaces started with the state, and tempted SQLite to read every pending deadline in the
-- register to claim a batch of them by id, or to cancel the deadlines of a list of cases.

DROP INDEX ix_case_deadlines_due ON case_deadlines;
CREATE INDEX ix_case_deadlines_pending ON case_deadlines (due_on, id) WHERE state = 'Pending';
