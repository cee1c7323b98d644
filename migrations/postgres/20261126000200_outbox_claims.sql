-- Outbox rows are claimed by the sender of one queue lease before they are sent, so a
-- second process (a lease lost and taken over) cannot send the same row at the same time.
-- claimed_pid is the backend that wrote the claim: a claim whose process has gone (no such
-- backend any more) is stale at once.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_at BIGINT;
ALTER TABLE outbox ADD COLUMN claimed_pid BIGINT;
