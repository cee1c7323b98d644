-- Maydanoz schema, SQLite flavour. Keep in step with ../postgres/ (same stamp).
-- Money is INTEGER minor units; times are INTEGER unix milliseconds (UTC);
-- booleans are INTEGER 0/1.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Gapless counters: the next order number, and a sequence bumped by every write
-- that a kitchen display in another process must notice.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('order_number', 100), ('change_seq', 0);

CREATE TABLE categories (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    sort     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
    available   INTEGER NOT NULL DEFAULT 1,
    sort        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category_id, name_key)
);
CREATE INDEX products_name_key ON products (name_key);

CREATE TABLE option_groups (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    min_choices INTEGER NOT NULL CHECK (min_choices >= 0),
    max_choices INTEGER NOT NULL CHECK (max_choices >= 1 AND max_choices >= min_choices),
    sort        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (product_id, name)
);

CREATE TABLE options (
    id                INTEGER PRIMARY KEY,
    group_id          INTEGER NOT NULL REFERENCES option_groups (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    price_delta_minor INTEGER NOT NULL DEFAULT 0,
    sort              INTEGER NOT NULL DEFAULT 0,
    UNIQUE (group_id, name)
);

CREATE TABLE customers (
    phone        TEXT PRIMARY KEY,
    name         TEXT,
    lang         TEXT,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

CREATE TABLE customer_addresses (
    id             INTEGER PRIMARY KEY,
    customer_phone TEXT NOT NULL REFERENCES customers (phone) ON DELETE CASCADE,
    address        TEXT NOT NULL,
    latitude_e6    INTEGER,
    longitude_e6   INTEGER,
    last_used_at   INTEGER NOT NULL,
    UNIQUE (customer_phone, address)
);

-- One conversation state per customer, as JSON owned by the bot.
CREATE TABLE sessions (
    customer_phone TEXT PRIMARY KEY,
    state          TEXT NOT NULL,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE orders (
    id                  INTEGER PRIMARY KEY,
    number              INTEGER NOT NULL UNIQUE,
    customer_phone      TEXT NOT NULL REFERENCES customers (phone),
    customer_name       TEXT,
    status              TEXT NOT NULL CHECK (status IN
                        ('new', 'preparing', 'ready', 'out_for_delivery', 'delivered', 'cancelled')),
    fulfilment          TEXT NOT NULL CHECK (fulfilment IN ('pickup', 'delivery')),
    address             TEXT,
    note                TEXT,
    subtotal_minor      INTEGER NOT NULL CHECK (subtotal_minor >= 0),
    discount_minor      INTEGER NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
    total_minor         INTEGER NOT NULL CHECK (total_minor >= 0),
    coupon_code         TEXT,
    lang                TEXT NOT NULL DEFAULT 'tr',
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    preparing_at        INTEGER,
    ready_at            INTEGER,
    out_for_delivery_at INTEGER,
    delivered_at        INTEGER,
    cancelled_at        INTEGER,
    -- the inbound message that confirmed it: processing that message twice cannot make two orders
    source_message_id   TEXT UNIQUE
);
CREATE INDEX orders_open ON orders (created_at) WHERE status NOT IN ('delivered', 'cancelled');
CREATE INDEX orders_customer ON orders (customer_phone, created_at);

CREATE TABLE order_items (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    product_id       INTEGER REFERENCES products (id) ON DELETE SET NULL,
    name             TEXT NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    options          TEXT NOT NULL DEFAULT '[]',
    note             TEXT,
    UNIQUE (order_id, position)
);

CREATE TABLE coupons (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL CHECK (kind IN ('percent', 'amount')),
    value              INTEGER NOT NULL CHECK (value > 0),
    max_uses           INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
    used               INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
    per_customer       INTEGER CHECK (per_customer IS NULL OR per_customer > 0),
    min_order_minor    INTEGER CHECK (min_order_minor IS NULL OR min_order_minor >= 0),
    max_discount_minor INTEGER CHECK (max_discount_minor IS NULL OR max_discount_minor >= 0),
    starts_at          INTEGER,
    expires_at         INTEGER,
    active             INTEGER NOT NULL DEFAULT 1,
    created_at         INTEGER NOT NULL,
    CHECK (max_uses IS NULL OR used <= max_uses),
    CHECK (kind <> 'percent' OR value <= 100)
);

CREATE TABLE coupon_redemptions (
    id             INTEGER PRIMARY KEY,
    coupon_id      INTEGER NOT NULL REFERENCES coupons (id),
    order_id       INTEGER NOT NULL UNIQUE REFERENCES orders (id),
    customer_phone TEXT NOT NULL,
    redeemed_at    INTEGER NOT NULL,
    released_at    INTEGER
);
CREATE INDEX coupon_redemptions_customer ON coupon_redemptions (coupon_id, customer_phone);

-- Every inbound WhatsApp message, stored before the webhook answers 200.
CREATE TABLE inbox (
    id             INTEGER PRIMARY KEY,
    wa_message_id  TEXT NOT NULL UNIQUE,
    customer_phone TEXT NOT NULL,
    contact_name   TEXT,
    kind           TEXT NOT NULL,
    payload        TEXT NOT NULL,
    sent_at        INTEGER NOT NULL,
    received_at    INTEGER NOT NULL,
    state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    processed_at   INTEGER,
    last_error     TEXT
);
CREATE INDEX inbox_pending ON inbox (id) WHERE state = 'pending';

-- Every message we send, queued in the transaction that decided to send it.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('message', 'read')),
    body            TEXT NOT NULL,
    order_id        INTEGER,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    error_code      INTEGER,
    wa_message_id   TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    failed_at       INTEGER
);
CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending';
CREATE INDEX outbox_wa_message_id ON outbox (wa_message_id);
CREATE INDEX outbox_failed ON outbox (failed_at) WHERE state = 'failed';

-- Delivery receipts from status webhooks, one row per (message, status): retries are no-ops,
-- and a receipt that overtakes our own bookkeeping is not lost.
CREATE TABLE wa_statuses (
    wa_message_id TEXT NOT NULL,
    status        TEXT NOT NULL,
    recipient     TEXT,
    error_code    INTEGER,
    error_message TEXT,
    at            INTEGER NOT NULL,
    PRIMARY KEY (wa_message_id, status)
);
CREATE INDEX wa_statuses_failed ON wa_statuses (at) WHERE status = 'failed';
