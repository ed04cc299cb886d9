-- The outbox keeps a mail as a draft until it is sent (the template, the language, the values, the recipient and
-- the thread, as JSON) and the bytes that were sent from then on; a mail with attachments keeps its bytes from the
-- start. raw may therefore be NULL now.
ALTER TABLE outbox ALTER COLUMN raw varbinary(max) NULL;
ALTER TABLE outbox ADD draft nvarchar(max) NULL;
