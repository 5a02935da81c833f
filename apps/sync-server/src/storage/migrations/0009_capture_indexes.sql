-- Routing reads each location's capacity used today on every capture: the
-- fulfilment orders it received since its local midnight. Without this index
-- that count scanned every fulfilment order of the tenant, so capture slowed
-- down as the day's orders piled up.
CREATE INDEX fulfilment_orders_location_created ON fulfilment_orders (tenant_id, location_id, created_at);
