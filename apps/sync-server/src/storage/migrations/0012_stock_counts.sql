-- Cycle counts pushed by devices (inventory/device-stock-commands.ts).
-- `count_seq` is how many counts were applied to the level: a device quotes it
-- with its count snapshot, so a second count of the same snapshot is
-- recognised and not applied twice (CC3). `last_count` is the count applied
-- last, {counted, snapshotOnHand, delta, at}, to tell whether a superseded
-- count agrees with it.
ALTER TABLE stock_levels ADD COLUMN count_seq integer NOT NULL DEFAULT 0 CHECK (count_seq >= 0);
ALTER TABLE stock_levels ADD COLUMN last_count jsonb;
