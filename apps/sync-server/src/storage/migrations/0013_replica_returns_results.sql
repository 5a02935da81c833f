-- Replica positions for returns and for the device's own command results
-- (SY1, as 0011 does for stock levels, products and locations): each row
-- carries the xid8 of the transaction that last wrote it, stamped by the
-- trigger function of 0011, and a pull pages by (txid, id) below the oldest
-- in-flight transaction.
--
-- Rows that exist now get position 1 from a constant default (no table
-- rewrite; `commands` is the largest table a device writes). Every device
-- starts these collections from no checkpoint, so it reads them all once;
-- dropping the default keeps the stored value of existing rows.

ALTER TABLE returns ADD COLUMN txid xid8 NOT NULL DEFAULT '1';
ALTER TABLE returns ALTER COLUMN txid DROP DEFAULT;
CREATE TRIGGER returns_txid BEFORE INSERT OR UPDATE ON returns FOR EACH ROW EXECUTE FUNCTION aisle_stamp_txid();
CREATE INDEX returns_pull ON returns (tenant_id, txid, id);

-- A return document is the header with its lines, and the header's position
-- is what a pull reads, so a line written restamps its return. Writers update
-- the header with every change already (its version), but a trigger keeps the
-- rule from depending on that. The extra row update is cheap: the writer holds
-- the order lock, and the header row, in this transaction anyway. Stamping the
-- lines and pulling returns by their largest line position instead would need
-- an aggregate per return in every pull, and a page boundary on a computed value.
CREATE FUNCTION aisle_touch_return() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE returns SET txid = pg_current_xact_id() WHERE tenant_id = NEW.tenant_id AND id = NEW.return_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER return_lines_touch_return AFTER INSERT OR UPDATE ON return_lines FOR EACH ROW EXECUTE FUNCTION aisle_touch_return();

-- A device reads only its own commands (command_results), by this index.
ALTER TABLE commands ADD COLUMN txid xid8 NOT NULL DEFAULT '1';
ALTER TABLE commands ALTER COLUMN txid DROP DEFAULT;
CREATE TRIGGER commands_txid BEFORE INSERT OR UPDATE ON commands FOR EACH ROW EXECUTE FUNCTION aisle_stamp_txid();
CREATE INDEX commands_pull ON commands (tenant_id, device_id, txid, id);
