-- Cases, their audit trail, every message read from the mailbox, the outbox and the worker's own state.
-- Instants are datetime2 in UTC; an incident date is a date. Batches are separated by GO lines.

CREATE TABLE cases (
    id                   bigint IDENTITY(1,1) PRIMARY KEY,
    number               varchar(32)    NOT NULL UNIQUE,
    year                 int            NOT NULL,
    sequence             int            NOT NULL,
    status               varchar(32)    NOT NULL,
    status_reason        varchar(64)    NULL,
    complainant_name     nvarchar(256)  NULL,
    complainant_address  nvarchar(320)  NOT NULL,
    subject              nvarchar(max)  NULL,
    description          nvarchar(max)  NOT NULL,
    language             varchar(8)     NULL,
    handler_email        nvarchar(320)  NULL,
    solution             nvarchar(max)  NULL,
    complainant_agrees   bit            NULL,
    incident_date        date           NULL,
    received_at          datetime2      NOT NULL,
    created_at           datetime2      NOT NULL,
    updated_at           datetime2      NOT NULL,
    closed_at            datetime2      NULL,
    CONSTRAINT uq_cases_year_sequence UNIQUE (year, sequence)
);
CREATE INDEX ix_cases_status ON cases (status);
CREATE INDEX ix_cases_complainant ON cases (complainant_address);
GO

CREATE TABLE case_events (
    id           bigint IDENTITY(1,1) PRIMARY KEY,
    case_id      bigint         NOT NULL REFERENCES cases (id),
    occurred_at  datetime2      NOT NULL,
    kind         varchar(64)    NOT NULL,
    actor        nvarchar(320)  NULL,
    detail       nvarchar(max)  NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, id);
GO

-- One row per message taken from a mailbox: the exactly-once ledger. (mailbox, source_key) is the
-- message's place (IMAP: UIDVALIDITY:UID, Maildir: the file's unique name); sha256 and message_id find
-- the same message arriving again elsewhere.
CREATE TABLE inbound_messages (
    id            bigint IDENTITY(1,1) PRIMARY KEY,
    mailbox       nvarchar(400)  NOT NULL,
    source_key    nvarchar(400)  NOT NULL,
    message_id    nvarchar(max)  NULL,
    sha256        char(64)       NOT NULL,
    size          bigint         NOT NULL,
    raw           varbinary(max) NOT NULL,
    outcome       varchar(32)    NOT NULL,
    reason        nvarchar(max)  NULL,
    case_id       bigint         NULL REFERENCES cases (id),
    received_at   datetime2      NOT NULL,
    processed_at  datetime2      NOT NULL,
    CONSTRAINT uq_inbound_messages_source UNIQUE (mailbox, source_key)
);
CREATE INDEX ix_inbound_messages_sha256 ON inbound_messages (sha256);
CREATE INDEX ix_inbound_messages_outcome ON inbound_messages (outcome);
GO

-- Every outgoing mail, written in the same transaction as the state change that causes it, with its
-- final Message-ID: a resend after a crash is the same mail.
CREATE TABLE outbox (
    id             bigint IDENTITY(1,1) PRIMARY KEY,
    message_id     varchar(900)   NOT NULL UNIQUE,
    case_id        bigint         NULL REFERENCES cases (id),
    kind           varchar(64)    NOT NULL,
    envelope_from  nvarchar(320)  NOT NULL,
    recipients     nvarchar(max)  NOT NULL,
    raw            varbinary(max) NOT NULL,
    status         varchar(16)    NOT NULL,
    attempts       int            NOT NULL DEFAULT 0,
    last_error     nvarchar(max)  NULL,
    created_at     datetime2      NOT NULL,
    due_at         datetime2      NOT NULL,
    sent_at        datetime2      NULL
);
CREATE INDEX ix_outbox_due ON outbox (status, due_at);
GO

CREATE TABLE worker_state (
    name        varchar(64)    PRIMARY KEY,
    value       nvarchar(max)  NOT NULL,
    updated_at  datetime2      NOT NULL
);
