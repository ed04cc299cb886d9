-- The procedure clock: each case's handling term and acknowledgement deadline, how it came in, and the
-- deadlines the sweep job fires (reminders, escalation at the end of a term, alarms). The outbox learns which
-- mails are automatic and to whom, so that no address gets more than a set number of automatic mails a day.

ALTER TABLE cases ADD COLUMN term_ends date NULL;
ALTER TABLE cases ADD COLUMN acknowledge_by date NULL;
ALTER TABLE cases ADD COLUMN acknowledged_at timestamptz NULL;
ALTER TABLE cases ADD COLUMN extension_reason text NULL;
ALTER TABLE cases ADD COLUMN channel varchar(16) NULL;
ALTER TABLE cases ADD COLUMN relay_address varchar(320) NULL;

-- One row per deadline; state Pending until the sweep fires it (Fired) or a change of term or a decision
-- makes it moot (Cancelled). Firing is one UPDATE … WHERE state = 'Pending' in the transaction that queues
-- its mails, so a deadline fires once even with several workers.
CREATE TABLE case_deadlines (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint      NOT NULL REFERENCES cases (id),
    kind        varchar(32) NOT NULL,
    due_on      date        NOT NULL,
    state       varchar(16) NOT NULL,
    created_at  timestamptz NOT NULL,
    settled_at  timestamptz NULL
);
CREATE INDEX ix_case_deadlines_due ON case_deadlines (state, due_on);
CREATE INDEX ix_case_deadlines_case ON case_deadlines (case_id);

ALTER TABLE outbox ADD COLUMN recipient_key varchar(320) NULL;
ALTER TABLE outbox ADD COLUMN automatic boolean NOT NULL DEFAULT false;
CREATE INDEX ix_outbox_recipient ON outbox (recipient_key, sent_at);
