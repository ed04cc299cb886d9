-- PostgreSQL's SHA-256 columns become varchar in this version, so that its index serves lookups with text
-- parameters. Nothing changes here (the statement only keeps the numbering the same for every database).
SELECT 1;
