-- Cases, their audit trail, every message read from the mailbox, the outbox and the worker's own state.
-- Instants are timestamptz (UTC); an incident date is a date.

CREATE TABLE cases (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number               varchar(32)  NOT NULL UNIQUE,
    year                 integer      NOT NULL,
    sequence             integer      NOT NULL,
    status               varchar(32)  NOT NULL,
    status_reason        varchar(64)  NULL,
    complainant_name     varchar(256) NULL,
    complainant_address  varchar(320) NOT NULL,
    subject              text         NULL,
    description          text         NOT NULL,
    language             varchar(8)   NULL,
    handler_email        varchar(320) NULL,
    solution             text         NULL,
    complainant_agrees   boolean      NULL,
    incident_date        date         NULL,
    received_at          timestamptz  NOT NULL,
    created_at           timestamptz  NOT NULL,
    updated_at           timestamptz  NOT NULL,
    closed_at            timestamptz  NULL,
    UNIQUE (year, sequence)
);
CREATE INDEX ix_cases_status ON cases (status);
CREATE INDEX ix_cases_complainant ON cases (complainant_address);

CREATE TABLE case_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      bigint       NOT NULL REFERENCES cases (id),
    occurred_at  timestamptz  NOT NULL,
    kind         varchar(64)  NOT NULL,
    actor        varchar(320) NULL,
    detail       text         NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, id);

-- One row per message taken from a mailbox: the exactly-once ledger. (mailbox, source_key) is the
-- message's place (IMAP: UIDVALIDITY:UID, Maildir: the file's unique name); sha256 and message_id find
-- the same message arriving again elsewhere.
CREATE TABLE inbound_messages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mailbox       varchar(400) NOT NULL,
    source_key    varchar(400) NOT NULL,
    message_id    text         NULL,
    sha256        char(64)     NOT NULL,
    size          bigint       NOT NULL,
    raw           bytea        NOT NULL,
    outcome       varchar(32)  NOT NULL,
    reason        text         NULL,
    case_id       bigint       NULL REFERENCES cases (id),
    received_at   timestamptz  NOT NULL,
    processed_at  timestamptz  NOT NULL,
    UNIQUE (mailbox, source_key)
);
CREATE INDEX ix_inbound_messages_sha256 ON inbound_messages (sha256);
CREATE INDEX ix_inbound_messages_outcome ON inbound_messages (outcome);

-- Every outgoing mail, written in the same transaction as the state change that causes it, with its
-- final Message-ID: a resend after a crash is the same mail.
CREATE TABLE outbox (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id     varchar(998) NOT NULL UNIQUE,
    case_id        bigint       NULL REFERENCES cases (id),
    kind           varchar(64)  NOT NULL,
    envelope_from  varchar(320) NOT NULL,
    recipients     text         NOT NULL,
    raw            bytea        NOT NULL,
    status         varchar(16)  NOT NULL,
    attempts       integer      NOT NULL DEFAULT 0,
    last_error     text         NULL,
    created_at     timestamptz  NOT NULL,
    due_at         timestamptz  NOT NULL,
    sent_at        timestamptz  NULL
);
CREATE INDEX ix_outbox_due ON outbox (status, due_at);

CREATE TABLE worker_state (
    name        varchar(64)  PRIMARY KEY,
    value       text         NOT NULL,
    updated_at  timestamptz  NOT NULL
);
