-- Replica positions for stock levels, products and locations (SY1 for more
-- collections). Each row carries the xid8 of the transaction that last wrote
-- it, stamped by a trigger so no writer can forget; a pull reads rows after
-- its (txid, key) checkpoint and below the oldest in-flight transaction.
--
-- No index on stock_levels.txid on purpose: the column changes with every
-- reservation, and an index on it would turn every reservation's UPDATE from
-- a HOT update into one that writes every index of the table. A location's
-- stock pull reads that location's rows by primary key and filters instead.

CREATE FUNCTION aisle_stamp_txid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.txid := pg_current_xact_id();
  RETURN NEW;
END
$$;

ALTER TABLE stock_levels ADD COLUMN txid xid8;
UPDATE stock_levels SET txid = pg_current_xact_id();
ALTER TABLE stock_levels ALTER COLUMN txid SET NOT NULL;
CREATE TRIGGER stock_levels_txid BEFORE INSERT OR UPDATE ON stock_levels FOR EACH ROW EXECUTE FUNCTION aisle_stamp_txid();

ALTER TABLE products ADD COLUMN txid xid8;
UPDATE products SET txid = pg_current_xact_id();
ALTER TABLE products ALTER COLUMN txid SET NOT NULL;
CREATE TRIGGER products_txid BEFORE INSERT OR UPDATE ON products FOR EACH ROW EXECUTE FUNCTION aisle_stamp_txid();
CREATE INDEX products_pull ON products (tenant_id, txid, sku);

ALTER TABLE locations ADD COLUMN txid xid8;
UPDATE locations SET txid = pg_current_xact_id();
ALTER TABLE locations ALTER COLUMN txid SET NOT NULL;
CREATE TRIGGER locations_txid BEFORE INSERT OR UPDATE ON locations FOR EACH ROW EXECUTE FUNCTION aisle_stamp_txid();
