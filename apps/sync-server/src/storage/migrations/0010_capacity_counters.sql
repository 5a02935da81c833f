-- Capacity used today, counted as fulfilment orders are written instead of on
-- every capture. Routing read it as count(*) over the location's fulfilment
-- orders since its local midnight, which grows with the day's orders: at a few
-- thousand orders that count was most of a capture's database time.
--
-- A row counts the fulfilment orders of one location whose local day (with
-- the location's UTC offset at the time of the insert, as routing computes
-- it: date_trunc('day', created_at + offset)) starts at day_start. Each
-- transaction adds to one of 8 shard rows picked by its transaction id, so
-- concurrent orders for one location rarely wait on each other's row lock
-- until commit; a reader sums the shards. Rows written under another offset
-- than the location's current one (the offset was changed) make the reader
-- fall back to the exact count for that location (routing/inputs.ts).
CREATE TABLE location_capacity_used (
  tenant_id          text NOT NULL,
  location_id        text NOT NULL,
  day_start          timestamptz NOT NULL,
  utc_offset_minutes integer NOT NULL,
  shard              smallint NOT NULL,
  used               integer NOT NULL,
  PRIMARY KEY (tenant_id, location_id, day_start, utc_offset_minutes, shard)
);

CREATE FUNCTION location_capacity_add(p_tenant text, p_location text, p_created timestamptz, p_delta integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  off integer;
BEGIN
  SELECT utc_offset_minutes INTO off FROM locations WHERE tenant_id = p_tenant AND id = p_location;
  off := coalesce(off, 0);
  INSERT INTO location_capacity_used AS u (tenant_id, location_id, day_start, utc_offset_minutes, shard, used)
  VALUES (p_tenant, p_location, date_trunc('day', p_created + make_interval(mins => off)), off,
          (pg_current_xact_id()::text::bigint % 8)::smallint, p_delta)
  ON CONFLICT (tenant_id, location_id, day_start, utc_offset_minutes, shard) DO UPDATE SET used = u.used + EXCLUDED.used;
END $$;

CREATE FUNCTION location_capacity_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM location_capacity_add(OLD.tenant_id, OLD.location_id, OLD.created_at, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM location_capacity_add(NEW.tenant_id, NEW.location_id, NEW.created_at, 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER fulfilment_orders_capacity
  AFTER INSERT OR DELETE OR UPDATE OF tenant_id, location_id, created_at ON fulfilment_orders
  FOR EACH ROW EXECUTE FUNCTION location_capacity_count();

-- Fulfilment orders written before this migration.
INSERT INTO location_capacity_used (tenant_id, location_id, day_start, utc_offset_minutes, shard, used)
SELECT fo.tenant_id, fo.location_id, date_trunc('day', fo.created_at + make_interval(mins => l.utc_offset_minutes)), l.utc_offset_minutes, 0, count(*)
  FROM fulfilment_orders fo JOIN locations l ON l.tenant_id = fo.tenant_id AND l.id = fo.location_id
 GROUP BY 1, 2, 3, 4;
