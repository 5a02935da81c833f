-- Aisle schema, version 1. tenant_id leads every key so the schema can later be
-- distributed by tenant without a redesign (blueprint §5).

CREATE TABLE tenants (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
  tenant_id   text NOT NULL REFERENCES tenants (id),
  id          text NOT NULL,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('store', 'warehouse')),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE products (
  tenant_id   text NOT NULL REFERENCES tenants (id),
  sku         text NOT NULL,
  name        text NOT NULL,
  gtin        text,
  PRIMARY KEY (tenant_id, sku)
);
CREATE UNIQUE INDEX products_gtin ON products (tenant_id, gtin) WHERE gtin IS NOT NULL;

-- Secrets are stored as SHA-256 hashes of high-entropy random tokens; the
-- plaintext is shown once, when issued.
CREATE TABLE channel_keys (
  key_hash    text PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id),
  channel     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

CREATE TABLE enrolment_codes (
  code_hash   text PRIMARY KEY,
  tenant_id   text NOT NULL,
  location_id text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     text,
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);

CREATE TABLE devices (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL,
  location_id text NOT NULL,
  name        text NOT NULL,
  token_hash  text NOT NULL UNIQUE,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);

CREATE SEQUENCE order_number_seq START 1001;

CREATE TABLE orders (
  tenant_id           text NOT NULL REFERENCES tenants (id),
  id                  text NOT NULL,
  order_number        text NOT NULL,
  channel             text NOT NULL,
  external_id         text NOT NULL,
  delivery_method     text NOT NULL CHECK (delivery_method IN ('pickup', 'ship')),
  customer_first_name text NOT NULL,
  customer_last_name  text NOT NULL,
  customer_email      text,
  created_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_number),
  UNIQUE (tenant_id, channel, external_id)
);

CREATE TABLE order_lines (
  tenant_id   text NOT NULL,
  order_id    text NOT NULL,
  line_id     text NOT NULL,
  sku         text NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (tenant_id, order_id, line_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, sku) REFERENCES products (tenant_id, sku)
);

CREATE TABLE fulfilment_orders (
  tenant_id   text NOT NULL,
  id          text NOT NULL,
  order_id    text NOT NULL,
  location_id text NOT NULL,
  status      text NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX fulfilment_orders_order ON fulfilment_orders (tenant_id, order_id);

-- Name and barcode are copied from the catalog at capture: the line shows what
-- was ordered even if the catalog changes later.
CREATE TABLE fulfilment_order_lines (
  tenant_id           text NOT NULL,
  fulfilment_order_id text NOT NULL,
  line_id             text NOT NULL,
  sku                 text NOT NULL,
  gtin                text,
  name                text NOT NULL,
  quantity            integer NOT NULL CHECK (quantity > 0),
  picked              integer NOT NULL DEFAULT 0 CHECK (picked >= 0 AND picked <= quantity),
  PRIMARY KEY (tenant_id, fulfilment_order_id, line_id),
  FOREIGN KEY (tenant_id, fulfilment_order_id) REFERENCES fulfilment_orders (tenant_id, id)
);

-- One row per replicated document per location: the transaction that last
-- changed it (xid8). Pulls read in (txid, doc_id) order and only below the
-- oldest in-flight transaction (SY1). `deleted` marks a tombstone for a
-- document that left the location's scope.
CREATE TABLE replica_changes (
  tenant_id   text NOT NULL,
  location_id text NOT NULL,
  collection  text NOT NULL,
  doc_id      text NOT NULL,
  txid        xid8 NOT NULL,
  deleted     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, location_id, collection, doc_id)
);
CREATE INDEX replica_changes_pull ON replica_changes (tenant_id, location_id, collection, txid, doc_id);

-- Every command a device pushed, applied or rejected, exactly once by id (SY2).
CREATE TABLE commands (
  id                uuid PRIMARY KEY,
  tenant_id         text NOT NULL,
  location_id       text NOT NULL,
  device_id         text NOT NULL REFERENCES devices (id),
  device_seq        integer NOT NULL,
  type              text NOT NULL,
  payload           jsonb NOT NULL,
  device_created_at timestamptz NOT NULL,
  base_version      integer NOT NULL,
  received_at       timestamptz NOT NULL,
  status            text NOT NULL CHECK (status IN ('applied', 'rejected')),
  reason_code       text,
  reason_message    text,
  document_version  integer,
  CHECK ((status = 'applied') = (document_version IS NOT NULL)),
  CHECK ((status = 'rejected') = (reason_code IS NOT NULL))
);
CREATE INDEX commands_device ON commands (tenant_id, device_id, device_seq);

-- The event log: what happened to fulfilment orders, for audit and metrics.
CREATE TABLE fulfilment_events (
  id                  bigserial PRIMARY KEY,
  tenant_id           text NOT NULL,
  fulfilment_order_id text NOT NULL,
  type                text NOT NULL,
  payload             jsonb NOT NULL,
  command_id          uuid,
  at                  timestamptz NOT NULL
);
CREATE INDEX fulfilment_events_fo ON fulfilment_events (tenant_id, fulfilment_order_id, id);

-- Channel requests by Idempotency-Key: the first response is replayed for the
-- same body; another body under the same key is a 409.
CREATE TABLE idempotency_keys (
  tenant_id     text NOT NULL,
  channel       text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status_code   integer NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, channel, key)
);
