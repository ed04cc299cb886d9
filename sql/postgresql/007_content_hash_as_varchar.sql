-- The SHA-256 of a message or an attachment was char(64). Npgsql sends text parameters as text, and PostgreSQL
-- compares char(n) with text by casting the column to text, which its index cannot serve: every batch's check for
-- bytes already processed (sha256 = ANY(@list)) read the whole ledger, a cost that grows with every message kept.
-- As varchar the cast is only a relabel and the index serves the lookup. The tables are rewritten once.
ALTER TABLE inbound_messages ALTER COLUMN sha256 TYPE varchar(64);
ALTER TABLE case_attachments ALTER COLUMN sha256 TYPE varchar(64);
