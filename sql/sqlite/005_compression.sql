-- PostgreSQL's large values move to lz4 compression in this version. SQLite stores values uncompressed: nothing
-- changes here (the statement only keeps the numbering the same for every database).
SELECT 1;
