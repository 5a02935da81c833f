-- What the floor records on a fulfilment order once the server applies every
-- floor command (pack, stage, hand off, ship, short-pick, expire), and the
-- tasks those commands raise for people.

ALTER TABLE fulfilment_order_lines
  ADD COLUMN short_picked       integer NOT NULL DEFAULT 0 CHECK (short_picked >= 0),
  ADD COLUMN customer_cancelled integer NOT NULL DEFAULT 0 CHECK (customer_cancelled >= 0),
  -- A unit is picked, short or cancelled, never two of them.
  ADD CONSTRAINT fulfilment_order_lines_units CHECK (picked + short_picked + customer_cancelled <= quantity);

-- Packages, shipments and the handoff are small, written whole by one command
-- and read whole with the document, so they are stored as the domain shapes
-- them (FloorFulfilmentOrder) rather than as child tables.
ALTER TABLE fulfilment_orders
  ADD COLUMN packages    jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN shipments   jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN pickup_bin  text,
  ADD COLUMN staged_at   timestamptz,
  -- { salt, sha256 } only: the code itself is never stored with the document (CU2).
  ADD COLUMN pickup_code jsonb,
  ADD COLUMN handoff     jsonb;

CREATE INDEX fulfilment_order_lines_sku ON fulfilment_order_lines (tenant_id, sku);

-- Put-back work: picked units that must return to the shelf (rejected,
-- cancelled, not taken or refused at the counter, pickup expired).
CREATE TABLE restock_tasks (
  tenant_id           text NOT NULL,
  id                  text NOT NULL,
  location_id         text NOT NULL,
  fulfilment_order_id text NOT NULL,
  reason              text NOT NULL,
  bin                 text,
  lines               jsonb NOT NULL,
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  created_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, fulfilment_order_id) REFERENCES fulfilment_orders (tenant_id, id)
);
CREATE INDEX restock_tasks_open ON restock_tasks (tenant_id, location_id) WHERE status = 'open';

-- Counts the floor asked for: the books said a SKU was on the shelf and it was not.
CREATE TABLE count_tasks (
  tenant_id           text NOT NULL,
  id                  text NOT NULL,
  location_id         text NOT NULL,
  sku                 text NOT NULL,
  reason              text NOT NULL,
  fulfilment_order_id text,
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  created_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX count_tasks_open ON count_tasks (tenant_id, location_id) WHERE status = 'open';
