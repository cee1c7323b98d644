-- Ordering ahead while closed (issue 13, item 6). scheduled_for: unix ms when
-- the customer gets the order; board_at: when it reaches the kitchen board;
-- held: still upcoming (TRUE) until the release task puts it on the board.
ALTER TABLE orders ADD COLUMN scheduled_for BIGINT;
ALTER TABLE orders ADD COLUMN board_at BIGINT;
ALTER TABLE orders ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
-- The release task's "what is due next" and the report's "orders for this day".
CREATE INDEX orders_board_at ON orders (board_at) WHERE board_at IS NOT NULL;
