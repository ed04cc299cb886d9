-- Intake: attachments kept as copies with the case, where each processed message went, and the lookups
-- the intake rules need (a complainant's earlier cases, a case's messages).

CREATE TABLE case_attachments (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id              INTEGER NOT NULL REFERENCES cases (id),
    inbound_message_id   INTEGER NULL REFERENCES inbound_messages (id),
    file_name            TEXT    NOT NULL,
    content_type         TEXT    NOT NULL,
    size                 INTEGER NOT NULL,
    sha256               TEXT    NOT NULL,
    content              BLOB    NOT NULL,
    added_at             TEXT    NOT NULL
);
CREATE INDEX ix_case_attachments_case ON case_attachments (case_id);

ALTER TABLE inbound_messages ADD COLUMN location TEXT NULL;
CREATE INDEX ix_inbound_messages_case ON inbound_messages (case_id);
CREATE INDEX ix_inbound_messages_message_id ON inbound_messages (message_id);
CREATE INDEX ix_outbox_case ON outbox (case_id);
