-- Distributed order management: what routing needs to know about locations,
-- versioned routing policies, shipping orders, and lines that could not be
-- placed (backordered or unfillable).

ALTER TABLE locations DROP CONSTRAINT locations_kind_check;
ALTER TABLE locations ADD CONSTRAINT locations_kind_check CHECK (kind IN ('store', 'warehouse', 'dropship'));
ALTER TABLE locations
  ADD COLUMN country                  text NOT NULL DEFAULT 'GB',
  ADD COLUMN region                   text,
  ADD COLUMN postal_code              text,
  ADD COLUMN lat                      double precision,
  ADD COLUMN lon                      double precision,
  -- ship | pickup | ship_from_store | curbside
  ADD COLUMN capabilities             text[] NOT NULL DEFAULT '{}',
  -- NULL: every channel may be served from here.
  ADD COLUMN eligible_channels        text[],
  ADD COLUMN daily_capacity           integer NOT NULL DEFAULT 1000 CHECK (daily_capacity >= 0),
  -- Minutes after local midnight, with the UTC offset in force; NULL: no cut-off.
  ADD COLUMN cutoff_local_minutes     integer CHECK (cutoff_local_minutes BETWEEN 0 AND 1439),
  ADD COLUMN utc_offset_minutes       integer NOT NULL DEFAULT 0,
  ADD COLUMN handling_cost_per_order  integer NOT NULL DEFAULT 0 CHECK (handling_cost_per_order >= 0),
  ADD COLUMN handling_cost_per_unit   integer NOT NULL DEFAULT 0 CHECK (handling_cost_per_unit >= 0),
  ADD COLUMN priority                 integer NOT NULL DEFAULT 0 CHECK (priority >= 0);

-- Policies are immutable revisions: a draft is saved as a new revision, and
-- promoting one makes it the only live revision of the tenant.
CREATE TABLE routing_policies (
  tenant_id   text NOT NULL REFERENCES tenants (id),
  revision    integer NOT NULL,
  policy      jsonb NOT NULL,
  status      text NOT NULL CHECK (status IN ('draft', 'live', 'retired')),
  note        text,
  created_at  timestamptz NOT NULL,
  promoted_at timestamptz,
  PRIMARY KEY (tenant_id, revision)
);
CREATE UNIQUE INDEX routing_policies_one_live ON routing_policies (tenant_id) WHERE status = 'live';

ALTER TABLE orders DROP CONSTRAINT orders_delivery_method_check;
ALTER TABLE orders ADD CONSTRAINT orders_delivery_method_check CHECK (delivery_method IN ('pickup', 'ship', 'mixed'));
ALTER TABLE orders
  ADD COLUMN ship_to             jsonb,
  ADD COLUMN pickup_location_id  text,
  ADD COLUMN currency            text,
  ADD COLUMN customer_phone      text,
  ADD COLUMN cancelled_at        timestamptz,
  -- The decision that placed the order, with its explanation (filters, scores).
  ADD COLUMN routing_decision    jsonb,
  ADD COLUMN routing_revision    integer;

ALTER TABLE order_lines
  ADD COLUMN delivery_method  text NOT NULL DEFAULT 'pickup' CHECK (delivery_method IN ('pickup', 'ship')),
  ADD COLUMN unit_price_minor integer CHECK (unit_price_minor >= 0);

-- Units of an order line that no location can fulfil now.
CREATE TABLE order_line_shortfalls (
  tenant_id   text NOT NULL,
  order_id    text NOT NULL,
  line_id     text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('backorder', 'unfillable')),
  quantity    integer NOT NULL CHECK (quantity > 0),
  reason      text NOT NULL,
  -- For a backorder: where the inbound supply that covers it arrives.
  location_id text,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'cancelled')),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, order_id, line_id, kind),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX order_line_shortfalls_open ON order_line_shortfalls (tenant_id, kind) WHERE status = 'open';

ALTER TABLE fulfilment_orders ADD COLUMN delivery_method text NOT NULL DEFAULT 'pickup' CHECK (delivery_method IN ('pickup', 'ship'));
