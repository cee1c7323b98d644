-- A counter that moves with every change to the menu (categories, products, option
-- groups, options), whoever makes it (the kitchen display, the admin CLI, an import):
-- the inbox worker keeps the menu it loaded until this value moves, instead of reading
-- the four menu tables again for every batch of messages.
INSERT INTO counters (name, value) VALUES ('menu_version', 0) ON CONFLICT (name) DO NOTHING;

CREATE FUNCTION maydanoz_menu_version_bump() RETURNS trigger AS $$
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'menu_version';
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER menu_version_categories AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION maydanoz_menu_version_bump();
CREATE TRIGGER menu_version_products AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION maydanoz_menu_version_bump();
CREATE TRIGGER menu_version_option_groups AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON option_groups
    FOR EACH STATEMENT EXECUTE FUNCTION maydanoz_menu_version_bump();
CREATE TRIGGER menu_version_options AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON options
    FOR EACH STATEMENT EXECUTE FUNCTION maydanoz_menu_version_bump();
