-- The procedure clock: each case's handling term and acknowledgement deadline, how it came in, and the
-- deadlines the sweep job fires (reminders, escalation at the end of a term, alarms). The outbox learns which
-- mails are automatic and to whom, so that no address gets more than a set number of automatic mails a day.

ALTER TABLE cases ADD COLUMN term_ends TEXT NULL;
ALTER TABLE cases ADD COLUMN acknowledge_by TEXT NULL;
ALTER TABLE cases ADD COLUMN acknowledged_at TEXT NULL;
ALTER TABLE cases ADD COLUMN extension_reason TEXT NULL;
ALTER TABLE cases ADD COLUMN channel TEXT NULL;
ALTER TABLE cases ADD COLUMN relay_address TEXT NULL;

-- One row per deadline; state Pending until the sweep fires it (Fired) or a change of term or a decision
-- makes it moot (Cancelled). Firing is one UPDATE … WHERE state = 'Pending' in the transaction that queues
-- its mails, so a deadline fires once even with several workers.
CREATE TABLE case_deadlines (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    kind        TEXT    NOT NULL,
    due_on      TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    settled_at  TEXT    NULL
);
CREATE INDEX ix_case_deadlines_due ON case_deadlines (state, due_on);
CREATE INDEX ix_case_deadlines_case ON case_deadlines (case_id);

ALTER TABLE outbox ADD COLUMN recipient_key TEXT NULL;
ALTER TABLE outbox ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_outbox_recipient ON outbox (recipient_key, sent_at);
