-- The outbox keeps a mail as a draft until it is sent (the template, the language, the values, the recipient and
-- the thread, as JSON) and the bytes that were sent from then on; a mail with attachments keeps its bytes from the
-- start. raw may therefore be NULL now. SQLite cannot drop a NOT NULL constraint, so the table is rebuilt with the
-- same columns, rows, ids and indexes.
CREATE TABLE outbox_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id     TEXT    NOT NULL UNIQUE,
    case_id        INTEGER NULL REFERENCES cases (id),
    kind           TEXT    NOT NULL,
    envelope_from  TEXT    NOT NULL,
    recipients     TEXT    NOT NULL,
    raw            BLOB    NULL,
    draft          TEXT    NULL,
    status         TEXT    NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT    NULL,
    created_at     TEXT    NOT NULL,
    due_at         TEXT    NOT NULL,
    sent_at        TEXT    NULL,
    recipient_key  TEXT    NULL,
    automatic      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox_new (id, message_id, case_id, kind, envelope_from, recipients, raw, status, attempts, last_error, created_at, due_at, sent_at, recipient_key, automatic)
SELECT id, message_id, case_id, kind, envelope_from, recipients, raw, status, attempts, last_error, created_at, due_at, sent_at, recipient_key, automatic FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX ix_outbox_due ON outbox (status, due_at);
CREATE INDEX ix_outbox_case ON outbox (case_id);
CREATE INDEX ix_outbox_recipient ON outbox (recipient_key, sent_at);
