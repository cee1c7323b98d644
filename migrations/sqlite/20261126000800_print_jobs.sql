-- The print queue: a second outbox. A job is written in the transaction that
-- places (or first bumps) the order; the printer task marks it printed only
-- after the printer took the bytes. idem_key is "<order number>:ticket",
-- "<order number>:slip" or "<order number>:reprint:<ms>", so writing the same
-- job twice (a retried transaction, a second bump) is a no-op.
CREATE TABLE print_jobs (
    id              INTEGER PRIMARY KEY,
    idem_key        TEXT NOT NULL UNIQUE,
    order_number    INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('ticket', 'slip')),
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'printed', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER
);
CREATE INDEX print_jobs_pending ON print_jobs (id) WHERE state = 'pending';
