-- A complainant's earlier cases are looked up for every incoming message (repeats, follow-ups): by the address in
-- lower case, through an index, instead of comparing LOWER(complainant_address) row by row.

ALTER TABLE cases ADD complainant_key nvarchar(320) NULL;
GO
UPDATE cases SET complainant_key = LOWER(complainant_address);
CREATE INDEX ix_cases_complainant_key ON cases (complainant_key);
GO
