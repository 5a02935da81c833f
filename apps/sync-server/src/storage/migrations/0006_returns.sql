-- Returns (RMA) applied by the server: what the domain's `Return` and
-- `ReturnsState` need (returns/*.ts in @aisle/domain), stored so that two
-- devices and the channel API settle on one answer.

-- Catalog facts returns depend on. Defaults keep existing products returnable
-- under the policy's window for `other` (30 days by default).
ALTER TABLE products
  ADD COLUMN category           text NOT NULL DEFAULT 'other'
                                  CHECK (category IN ('apparel', 'electronics', 'homeware', 'food', 'hygiene', 'other')),
  ADD COLUMN returnable         boolean NOT NULL DEFAULT true,
  -- NULL: the category's window from the tenant's return policy (RF6).
  ADD COLUMN return_window_days integer CHECK (return_window_days BETWEEN 0 AND 3650);

-- What the customer paid besides unit prices (RF1, RF5). Capture does not send
-- them yet, so they are 0: `unit_price_minor` is already what was paid per unit.
ALTER TABLE orders
  ADD COLUMN order_discount_minor bigint NOT NULL DEFAULT 0 CHECK (order_discount_minor >= 0),
  ADD COLUMN shipping_minor       bigint NOT NULL DEFAULT 0 CHECK (shipping_minor >= 0);
ALTER TABLE order_lines
  ADD COLUMN line_discount_minor  bigint NOT NULL DEFAULT 0 CHECK (line_discount_minor >= 0);

-- A tenant's own return rules (`ReturnPolicy` as JSON); without a row the
-- domain's DEFAULT_RETURN_POLICY applies.
CREATE TABLE return_policies (
  tenant_id   text PRIMARY KEY REFERENCES tenants (id),
  policy      jsonb NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- The RMA. Its status is rolled up from its lines (RMA5) and never stored, so
-- the two cannot disagree. Every writer locks the order row first: that is
-- what keeps two devices from returning the same unit (RQ2).
CREATE TABLE returns (
  tenant_id   text NOT NULL,
  id          text NOT NULL,
  order_id    text NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX returns_order ON returns (tenant_id, order_id);

-- One order line's units coming back; each line walks the lifecycle on its
-- own. `position` keeps the line order refunds are paid in (RF8). The CHECKs
-- repeat RMA7: a line carries the facts its status implies.
CREATE TABLE return_lines (
  tenant_id            text NOT NULL,
  return_id            text NOT NULL,
  return_line_id       text NOT NULL,
  position             integer NOT NULL CHECK (position >= 0),
  order_id             text NOT NULL,
  order_line_id        text NOT NULL,
  sku                  text NOT NULL,
  quantity             integer NOT NULL CHECK (quantity > 0),
  reason               text NOT NULL CHECK (reason IN ('damaged_in_transit', 'defective', 'wrong_item', 'not_as_described',
                                                       'arrived_late', 'no_longer_needed', 'size_or_fit', 'other')),
  status               text NOT NULL CHECK (status IN ('requested', 'received', 'inspected', 'dispositioned', 'refunded', 'cancelled')),
  requested_at         timestamptz NOT NULL,
  received_at          timestamptz,
  received_location_id text,
  condition            text CHECK (condition IN ('A', 'B', 'C', 'D')),
  disposition          text CHECK (disposition IN ('restock', 'refurbish', 'repair', 'donate', 'write_off')),
  disposition_rule_id  text,
  refund_minor         bigint CHECK (refund_minor >= 0),
  -- Every term of the refund (`LineRefund`: goods, fee, shipping share), for support.
  refund               jsonb,
  PRIMARY KEY (tenant_id, return_id, return_line_id),
  UNIQUE (tenant_id, return_id, position),
  FOREIGN KEY (tenant_id, return_id) REFERENCES returns (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id, order_line_id) REFERENCES order_lines (tenant_id, order_id, line_id),
  FOREIGN KEY (tenant_id, received_location_id) REFERENCES locations (tenant_id, id),
  CHECK (status NOT IN ('received', 'inspected', 'dispositioned', 'refunded') OR (received_at IS NOT NULL AND received_location_id IS NOT NULL)),
  CHECK (status NOT IN ('inspected', 'dispositioned', 'refunded') OR condition IS NOT NULL),
  CHECK (status NOT IN ('dispositioned', 'refunded') OR (disposition IS NOT NULL AND disposition_rule_id IS NOT NULL)),
  CHECK ((status = 'refunded') = (refund_minor IS NOT NULL))
);
CREATE INDEX return_lines_order_line ON return_lines (tenant_id, order_id, order_line_id);

-- The event log of returns, like fulfilment_events: every fact a command
-- produced, tagged with the device command (NULL for a channel request).
CREATE TABLE return_events (
  id          bigserial PRIMARY KEY,
  tenant_id   text NOT NULL,
  return_id   text NOT NULL,
  order_id    text NOT NULL,
  type        text NOT NULL,
  payload     jsonb NOT NULL,
  command_id  uuid,
  source      text NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX return_events_return ON return_events (tenant_id, return_id, id);
