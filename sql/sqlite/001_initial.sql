-- Cases, their audit trail, every message read from the mailbox, the outbox and the worker's own state.
-- Instants are UTC, stored as ISO-8601 text; dates (an incident date) as yyyy-MM-dd.

CREATE TABLE cases (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    number               TEXT    NOT NULL UNIQUE,
    year                 INTEGER NOT NULL,
    sequence             INTEGER NOT NULL,
    status               TEXT    NOT NULL,
    status_reason        TEXT    NULL,
    complainant_name     TEXT    NULL,
    complainant_address  TEXT    NOT NULL,
    subject              TEXT    NULL,
    description          TEXT    NOT NULL,
    language             TEXT    NULL,
    handler_email        TEXT    NULL,
    solution             TEXT    NULL,
    complainant_agrees   INTEGER NULL,
    incident_date        TEXT    NULL,
    received_at          TEXT    NOT NULL,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    closed_at            TEXT    NULL,
    UNIQUE (year, sequence)
);
CREATE INDEX ix_cases_status ON cases (status);
CREATE INDEX ix_cases_complainant ON cases (complainant_address);

CREATE TABLE case_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    occurred_at  TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    actor        TEXT    NULL,
    detail       TEXT    NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, id);

-- One row per message taken from a mailbox: the exactly-once ledger. (mailbox, source_key) is the
-- message's place (IMAP: UIDVALIDITY:UID, Maildir: the file's unique name); sha256 and message_id find
-- the same message arriving again elsewhere.
CREATE TABLE inbound_messages (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    mailbox       TEXT    NOT NULL,
    source_key    TEXT    NOT NULL,
    message_id    TEXT    NULL,
    sha256        TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    raw           BLOB    NOT NULL,
    outcome       TEXT    NOT NULL,
    reason        TEXT    NULL,
    case_id       INTEGER NULL REFERENCES cases (id),
    received_at   TEXT    NOT NULL,
    processed_at  TEXT    NOT NULL,
    UNIQUE (mailbox, source_key)
);
CREATE INDEX ix_inbound_messages_sha256 ON inbound_messages (sha256);
CREATE INDEX ix_inbound_messages_outcome ON inbound_messages (outcome);

-- Every outgoing mail, written in the same transaction as the state change that causes it, with its
-- final Message-ID: a resend after a crash is the same mail.
CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id     TEXT    NOT NULL UNIQUE,
    case_id        INTEGER NULL REFERENCES cases (id),
    kind           TEXT    NOT NULL,
    envelope_from  TEXT    NOT NULL,
    recipients     TEXT    NOT NULL,
    raw            BLOB    NOT NULL,
    status         TEXT    NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT    NULL,
    created_at     TEXT    NOT NULL,
    due_at         TEXT    NOT NULL,
    sent_at        TEXT    NULL
);
CREATE INDEX ix_outbox_due ON outbox (status, due_at);

CREATE TABLE worker_state (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
