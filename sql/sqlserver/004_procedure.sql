-- The procedure clock: each case's handling term and acknowledgement deadline, how it came in, and the
-- deadlines the sweep job fires (reminders, escalation at the end of a term, alarms). The outbox learns which
-- mails are automatic and to whom, so that no address gets more than a set number of automatic mails a day.

ALTER TABLE cases ADD term_ends date NULL, acknowledge_by date NULL, acknowledged_at datetime2 NULL,
    extension_reason nvarchar(max) NULL, channel varchar(16) NULL, relay_address nvarchar(320) NULL;
GO

-- One row per deadline; state Pending until the sweep fires it (Fired) or a change of term or a decision
-- makes it moot (Cancelled). Firing is one UPDATE … WHERE state = 'Pending' in the transaction that queues
-- its mails, so a deadline fires once even with several workers.
CREATE TABLE case_deadlines (
    id          bigint IDENTITY(1,1) PRIMARY KEY,
    case_id     bigint      NOT NULL REFERENCES cases (id),
    kind        varchar(32) NOT NULL,
    due_on      date        NOT NULL,
    state       varchar(16) NOT NULL,
    created_at  datetime2   NOT NULL,
    settled_at  datetime2   NULL
);
CREATE INDEX ix_case_deadlines_due ON case_deadlines (state, due_on);
CREATE INDEX ix_case_deadlines_case ON case_deadlines (case_id);
GO

ALTER TABLE outbox ADD recipient_key nvarchar(320) NULL, automatic bit NOT NULL CONSTRAINT df_outbox_automatic DEFAULT 0;
GO
CREATE INDEX ix_outbox_recipient ON outbox (recipient_key, sent_at);
GO
