-- The outbox keeps a mail as a draft until it is sent (the template, the language, the values, the recipient and
-- the thread, as JSON) and the bytes that were sent from then on; a mail with attachments keeps its bytes from the
-- start. raw may therefore be NULL now.
ALTER TABLE outbox ALTER COLUMN raw DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN draft text NULL;
DO $$
BEGIN
    ALTER TABLE outbox ALTER COLUMN draft SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
    RAISE WARNING 'lz4 compression is not available on this server (%); drafts stay compressed with pglz', SQLERRM;
END
$$;
