-- Intake: attachments kept as copies with the case, where each processed message went, and the lookups
-- the intake rules need (a complainant's earlier cases, a case's messages).

CREATE TABLE case_attachments (
    id                   bigint IDENTITY(1,1) PRIMARY KEY,
    case_id              bigint          NOT NULL REFERENCES cases (id),
    inbound_message_id   bigint          NULL REFERENCES inbound_messages (id),
    file_name            nvarchar(1000)  NOT NULL,
    content_type         varchar(255)    NOT NULL,
    size                 bigint          NOT NULL,
    sha256               char(64)        NOT NULL,
    content              varbinary(max)  NOT NULL,
    added_at             datetime2       NOT NULL
);
CREATE INDEX ix_case_attachments_case ON case_attachments (case_id);
GO

-- message_id is nvarchar(max) here and cannot be indexed; replies are matched through the outbox's indexed column.
ALTER TABLE inbound_messages ADD location nvarchar(1000) NULL;
CREATE INDEX ix_inbound_messages_case ON inbound_messages (case_id);
CREATE INDEX ix_outbox_case ON outbox (case_id);
GO
