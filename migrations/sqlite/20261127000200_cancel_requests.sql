-- A customer asked to cancel an order the kitchen had already started: when
-- (unix ms). The board marks the ticket until staff accept (the order is
-- cancelled) or refuse (cleared again).
ALTER TABLE orders ADD COLUMN cancel_requested_at BIGINT;
