-- Channels and their integrations: inbound Shopify orders, outbound status
-- webhooks through an outbox (issue 4, channel half).

-- One row per sales channel of a tenant that has an integration configured.
-- `id` is the channel name used everywhere else (`channel_keys.channel`,
-- `orders.channel`); a channel without a row simply has no integration (no
-- Shopify intake, no status webhooks).
--
-- The HMAC secrets (`webhook_secret` to sign outbound deliveries,
-- `shopify_secret` to verify inbound Shopify webhooks) are stored AS THEY ARE,
-- unlike channel keys and device tokens: an HMAC needs the secret itself, so a
-- hash would be useless. Encrypting them with a KMS-held key is future work.
-- They are never returned by any API and never logged (`channels/channels.ts`
-- reads them only where a signature is made or checked).
CREATE TABLE channels (
  tenant_id            text NOT NULL REFERENCES tenants (id),
  id                   text NOT NULL,
  kind                 text NOT NULL CHECK (kind IN ('generic', 'shopify')),
  webhook_url          text,
  webhook_secret       text,
  shopify_shop_domain  text,
  shopify_secret       text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (webhook_url IS NULL OR webhook_secret IS NOT NULL),
  CHECK (kind <> 'shopify' OR (shopify_shop_domain IS NOT NULL AND shopify_secret IS NOT NULL)),
  CHECK (shopify_shop_domain IS NULL OR shopify_shop_domain = lower(shopify_shop_domain))
);
-- X-Shopify-Shop-Domain identifies tenant and channel, so a shop belongs to one channel only.
CREATE UNIQUE INDEX channels_shopify_shop_domain ON channels (shopify_shop_domain) WHERE shopify_shop_domain IS NOT NULL;

-- A channel's locations (Shopify location ids, exact decimal strings) mapped to
-- Aisle locations. `pickup_code` is what Shopify's local pickup writes into the
-- order's shipping line `code` for that location (its name in Shopify): the
-- orders/create payload carries no location id for a pickup, so that is how
-- a pickup order finds its store (see channels/shopify-mapping.ts).
CREATE TABLE channel_locations (
  tenant_id             text NOT NULL,
  channel               text NOT NULL,
  external_location_id  text NOT NULL,
  location_id           text NOT NULL,
  pickup_code           text,
  PRIMARY KEY (tenant_id, channel, external_location_id),
  UNIQUE (tenant_id, channel, pickup_code),
  FOREIGN KEY (tenant_id, channel) REFERENCES channels (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);

-- The status-webhook outbox. Rows are written in the transaction that changed
-- the order's status, so an event exists if and only if the change committed.
--
--   pending ──claim──▶ sending ──2xx──▶ delivered
--      ▲                  │ ├──non-2xx / error / timeout, attempts < max──▶ pending (next_attempt_at = backoff)
--      │                  │ ├──attempts = max──▶ dead            (kept, listable)
--      └──lease expired───┘ └──channel lost its webhook URL──▶ undeliverable (kept, listable)
--
-- A claim is a lease (`locked_until`, `claim_token`), not a transaction held
-- across the HTTP call: PGlite is one connection, and a pool connection held
-- for a slow receiver would starve the server. `id` is the Aisle-Delivery-Id,
-- stable across retries; `body` is kept byte for byte so every retry sends the
-- same bytes.
CREATE TABLE webhook_deliveries (
  tenant_id         text NOT NULL,
  id                uuid NOT NULL,
  seq               bigserial NOT NULL,
  channel           text NOT NULL,
  event             text NOT NULL,
  order_id          text NOT NULL,
  body              text NOT NULL,
  status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'sending', 'delivered', 'dead', 'undeliverable')),
  attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- NULL: never tried, due at once (whatever the dispatcher's clock says).
  next_attempt_at   timestamptz,
  locked_until      timestamptz,
  claim_token       uuid,
  last_status_code  integer,
  last_error        text,
  created_at        timestamptz NOT NULL,
  delivered_at      timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK ((status = 'sending') = (claim_token IS NOT NULL AND locked_until IS NOT NULL))
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at NULLS FIRST, seq) WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_list ON webhook_deliveries (tenant_id, status, seq);
