-- A customer who adopted a WhatsApp username is known by a business-scoped user id
-- (`from_user_id`, e.g. TR.13491208655302741918) instead of, or beside, a phone number
-- (issue 16, item 12). `phone` stays the customer's key (the phone when known, else the user
-- id); `user_id` records the user id of a phone customer, so messages that carry only the
-- user id reach the same conversation, cart and order history.
ALTER TABLE customers ADD COLUMN user_id TEXT;
CREATE UNIQUE INDEX customers_user_id ON customers (user_id);
