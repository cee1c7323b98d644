-- A person takes over a customer's conversation: the customer asked for one,
-- sent a photo, was not understood twice, or the shop wrote from the WhatsApp
-- Business app. While `quiet_until` is ahead and `resolved_at` is unset the bot
-- sends that customer nothing (their messages are still stored and marked done).
CREATE TABLE handoffs (
    id             INTEGER PRIMARY KEY,
    customer_phone TEXT NOT NULL,
    reason         TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    quiet_until    INTEGER NOT NULL,
    answered_at    INTEGER,
    resolved_at    INTEGER,
    resolved_by    TEXT
);
-- at most one open handoff per customer
CREATE UNIQUE INDEX handoffs_open ON handoffs (customer_phone) WHERE resolved_at IS NULL;
-- a customer's last messages and their 24-hour window, without scanning the inbox
CREATE INDEX inbox_customer ON inbox (customer_phone, id);
