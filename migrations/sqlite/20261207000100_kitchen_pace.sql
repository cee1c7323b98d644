-- The kitchen's pace. promised_at: unix ms the customer was told the order
-- would be ready (or at the door); slot_at: the start of the cap slot the order
-- was counted in (NULL without a cap); moved_by_cap: the customer took a later
-- slot because theirs was full; reminded_at: when a ready pickup order not
-- collected got its one reminder.
ALTER TABLE orders ADD COLUMN promised_at BIGINT;
ALTER TABLE orders ADD COLUMN slot_at BIGINT;
ALTER TABLE orders ADD COLUMN moved_by_cap INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN reminded_at BIGINT;
-- Orders counted per slot: one conditional upsert takes a place, so two
-- customers confirming into the last place cannot both get it.
CREATE TABLE kitchen_slots (
    slot_at BIGINT PRIMARY KEY,
    taken   INTEGER NOT NULL
);
-- Busy mode: minutes added to every quote from started_at until ends_at
-- (NULL: until cleared). Kept as history for the report's busy minutes.
CREATE TABLE busy_periods (
    id         INTEGER PRIMARY KEY,
    minutes    INTEGER NOT NULL,
    started_at BIGINT NOT NULL,
    ends_at    BIGINT
);
-- The counter reminder's scan: ready pickup orders not yet reminded.
CREATE INDEX orders_at_counter ON orders (ready_at)
    WHERE status = 'ready' AND fulfilment = 'pickup' AND reminded_at IS NULL;
