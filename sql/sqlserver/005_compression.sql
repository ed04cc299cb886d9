-- PostgreSQL's large values move to lz4 compression in this version. SQL Server does not compress large values
-- stored out of row: nothing changes here (the statement only keeps the numbering the same for every database).
SELECT 1;
