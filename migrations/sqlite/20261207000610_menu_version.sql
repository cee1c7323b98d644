-- A counter that moves with every change to the menu (categories, products, option
-- groups, options), whoever makes it (the kitchen display, the admin CLI, an import):
-- the inbox worker keeps the menu it loaded until this value moves, instead of reading
-- the four menu tables again for every batch of messages.
INSERT INTO counters (name, value) VALUES ('menu_version', 0) ON CONFLICT (name) DO NOTHING;

CREATE TRIGGER menu_version_categories_insert AFTER INSERT ON categories
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;
CREATE TRIGGER menu_version_categories_update AFTER UPDATE ON categories
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;
CREATE TRIGGER menu_version_categories_delete AFTER DELETE ON categories
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;

CREATE TRIGGER menu_version_products_insert AFTER INSERT ON products
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;
CREATE TRIGGER menu_version_products_update AFTER UPDATE ON products
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;
CREATE TRIGGER menu_version_products_delete AFTER DELETE ON products
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;

CREATE TRIGGER menu_version_option_groups_insert AFTER INSERT ON option_groups
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;
CREATE TRIGGER menu_version_option_groups_update AFTER UPDATE ON option_groups
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;
CREATE TRIGGER menu_version_option_groups_delete AFTER DELETE ON option_groups
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;

CREATE TRIGGER menu_version_options_insert AFTER INSERT ON options
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;
CREATE TRIGGER menu_version_options_update AFTER UPDATE ON options
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;
CREATE TRIGGER menu_version_options_delete AFTER DELETE ON options
BEGIN UPDATE counters SET value = value + 1 WHERE name = 'menu_version'; END;
