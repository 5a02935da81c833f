-- Inventory: stock per SKU × location, inbound supply, and the reservation
-- ledger. `reserved` on a stock level always equals the sum of its live
-- reservations; both change in the same transaction (INV rules).

CREATE TABLE stock_levels (
  tenant_id       text NOT NULL,
  location_id     text NOT NULL,
  sku             text NOT NULL,
  on_hand         integer NOT NULL DEFAULT 0,
  reserved        integer NOT NULL DEFAULT 0,
  safety_stock    integer NOT NULL DEFAULT 0,
  -- Units held back from a channel: {"marketplace": 2}.
  channel_buffers jsonb NOT NULL DEFAULT '{}',
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, location_id, sku),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
  FOREIGN KEY (tenant_id, sku) REFERENCES products (tenant_id, sku),
  -- The last line of defence against overselling: whatever the code does, a
  -- reservation that would take more than is on hand cannot commit.
  CHECK (on_hand >= 0),
  CHECK (reserved >= 0),
  CHECK (safety_stock >= 0)
);
CREATE INDEX stock_levels_sku ON stock_levels (tenant_id, sku);

CREATE TABLE inbound_supply (
  tenant_id   text NOT NULL,
  id          text NOT NULL,
  location_id text NOT NULL,
  sku         text NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  eta         timestamptz NOT NULL,
  confidence  real NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'received', 'cancelled')),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
  FOREIGN KEY (tenant_id, sku) REFERENCES products (tenant_id, sku)
);
CREATE INDEX inbound_supply_sku ON inbound_supply (tenant_id, sku) WHERE status = 'open';

CREATE TABLE reservations (
  tenant_id           text NOT NULL,
  id                  text NOT NULL,
  location_id         text NOT NULL,
  sku                 text NOT NULL,
  quantity            integer NOT NULL CHECK (quantity > 0),
  kind                text NOT NULL CHECK (kind IN ('order', 'cart_hold')),
  order_id            text,
  line_id             text,
  fulfilment_order_id text,
  status              text NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'released', 'consumed', 'expired')),
  expires_at          timestamptz,
  created_at          timestamptz NOT NULL,
  closed_at           timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id, sku) REFERENCES stock_levels (tenant_id, location_id, sku),
  CHECK (kind <> 'cart_hold' OR expires_at IS NOT NULL),
  CHECK ((status = 'live') = (closed_at IS NULL))
);
CREATE INDEX reservations_live ON reservations (tenant_id, location_id, sku) WHERE status = 'live';
CREATE INDEX reservations_order ON reservations (tenant_id, order_id);
CREATE INDEX reservations_holds ON reservations (expires_at) WHERE status = 'live' AND kind = 'cart_hold';

-- Every stock movement that did not come from a reservation: feed deltas,
-- snapshots, counts, adjustments. `id` makes a delta idempotent per tenant.
CREATE TABLE stock_movements (
  tenant_id   text NOT NULL,
  id          text NOT NULL,
  location_id text NOT NULL,
  sku         text NOT NULL,
  delta       integer NOT NULL,
  reason      text NOT NULL,
  source      text NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX stock_movements_level ON stock_movements (tenant_id, location_id, sku, at);
