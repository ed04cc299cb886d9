-- Raw messages, outgoing mails, complaint texts and attachments are kilobytes each. PostgreSQL compresses such
-- values when it stores them (TOAST), by default with pglz, which cost the server more processor time per
-- complaint than everything else it did for the intake. lz4 compresses about as well in a fraction of the time.
-- It needs PostgreSQL 14 or later built with lz4 (the Debian, Ubuntu and official builds are); without it the
-- columns keep pglz and the server logs a warning. Values stored before keep their compression.
DO $$
BEGIN
    ALTER TABLE inbound_messages ALTER COLUMN raw SET COMPRESSION lz4;
    ALTER TABLE outbox ALTER COLUMN raw SET COMPRESSION lz4;
    ALTER TABLE cases ALTER COLUMN description SET COMPRESSION lz4;
    ALTER TABLE case_attachments ALTER COLUMN content SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
    RAISE WARNING 'lz4 compression is not available on this server (%); large values stay compressed with pglz', SQLERRM;
END
$$;
