-- Retention and erasure (docs/retention.md): a case whose content and personal data were erased keeps an anonymous
-- record, marked with when that happened: purged_at by the retention job (Retention:KeepYears after closing),
-- erased_at on the complainant's request. A message or a mail that was erased is marked too, so that the job, run
-- again, leaves it alone. The partial indexes hold only what is still to be purged: the job's daily look stays small.

ALTER TABLE cases ADD COLUMN purged_at timestamptz NULL;
ALTER TABLE cases ADD COLUMN erased_at timestamptz NULL;
ALTER TABLE inbound_messages ADD COLUMN erased_at timestamptz NULL;
ALTER TABLE outbox ADD COLUMN erased_at timestamptz NULL;

CREATE INDEX ix_cases_retention ON cases (closed_at) WHERE purged_at IS NULL;
CREATE INDEX ix_inbound_messages_retention ON inbound_messages (processed_at) WHERE case_id IS NULL AND erased_at IS NULL;
CREATE INDEX ix_outbox_retention ON outbox (created_at) WHERE case_id IS NULL AND erased_at IS NULL;
