-- PostgreSQL's SHA-256 columns become varchar in this version, so that its index serves lookups with text
-- parameters. SQLite's are TEXT already: nothing changes here (the statement only keeps the numbering the same).
SELECT 1;
