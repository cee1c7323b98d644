-- no-transaction
-- Menu ids are never reused (issue 16, item 3). Without AUTOINCREMENT SQLite hands a deleted
-- product's id (the largest one) to the next product, so a customer's cart line or an old
-- "prod:20" button would name another product. SQLite cannot add AUTOINCREMENT to a table,
-- so categories, products, option_groups and options are rebuilt, keeping every row, id and
-- foreign key (https://sqlite.org/lang_altertable.html, "making other kinds of changes").
--
-- Foreign keys must be OFF while the old tables are dropped (else dropping `products` would
-- cascade to option groups and null order lines' product ids), and that pragma is a no-op
-- inside a transaction: hence `no-transaction` above and our own BEGIN / COMMIT. A crash
-- before COMMIT leaves the old tables; one after it but before sqlx records the migration
-- runs the rebuild again on the new tables, which gives the same result (each table's
-- high-water mark in sqlite_sequence is carried over to its copy).
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- A column added by an earlier migration would be lost by the copies below: fail loudly
-- instead (json() of invalid text raises an error).
SELECT CASE WHEN (SELECT COUNT(*) FROM pragma_table_info('categories')) <> 4
              OR (SELECT COUNT(*) FROM pragma_table_info('products')) <> 8
              OR (SELECT COUNT(*) FROM pragma_table_info('option_groups')) <> 6
              OR (SELECT COUNT(*) FROM pragma_table_info('options')) <> 5
            THEN json('menu tables have columns this migration does not copy') END;

CREATE TABLE categories_new (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    sort     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO categories_new (id, name, name_key, sort)
    SELECT id, name, name_key, sort FROM categories;
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('categories', 'categories_new'))
    WHERE name = 'categories_new';
DROP TABLE categories;
ALTER TABLE categories_new RENAME TO categories;

CREATE TABLE products_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
    available   INTEGER NOT NULL DEFAULT 1,
    sort        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category_id, name_key)
);
INSERT INTO products_new (id, category_id, name, name_key, description, price_minor, available, sort)
    SELECT id, category_id, name, name_key, description, price_minor, available, sort FROM products;
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('products', 'products_new'))
    WHERE name = 'products_new';
DROP TABLE products;
ALTER TABLE products_new RENAME TO products;
CREATE INDEX products_name_key ON products (name_key);

CREATE TABLE option_groups_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    min_choices INTEGER NOT NULL CHECK (min_choices >= 0),
    max_choices INTEGER NOT NULL CHECK (max_choices >= 1 AND max_choices >= min_choices),
    sort        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (product_id, name)
);
INSERT INTO option_groups_new (id, product_id, name, min_choices, max_choices, sort)
    SELECT id, product_id, name, min_choices, max_choices, sort FROM option_groups;
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('option_groups', 'option_groups_new'))
    WHERE name = 'option_groups_new';
DROP TABLE option_groups;
ALTER TABLE option_groups_new RENAME TO option_groups;

CREATE TABLE options_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id          INTEGER NOT NULL REFERENCES option_groups (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    price_delta_minor INTEGER NOT NULL DEFAULT 0,
    sort              INTEGER NOT NULL DEFAULT 0,
    UNIQUE (group_id, name)
);
INSERT INTO options_new (id, group_id, name, price_delta_minor, sort)
    SELECT id, group_id, name, price_delta_minor, sort FROM options;
UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('options', 'options_new'))
    WHERE name = 'options_new';
DROP TABLE options;
ALTER TABLE options_new RENAME TO options;

-- every reference still points at a row (order lines, groups, options, products)
SELECT CASE WHEN EXISTS (SELECT 1 FROM pragma_foreign_key_check)
            THEN json('a foreign key broke while rebuilding the menu tables') END;

COMMIT;
PRAGMA foreign_keys = ON;
