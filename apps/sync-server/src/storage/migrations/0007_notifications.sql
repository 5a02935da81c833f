-- Customer notifications (ready for pickup, shipped, pickup expired, refund
-- issued) through an outbox, and the links of the customer tracking page.

-- The e-mail outbox. A row is written in the transaction that changed the
-- order, so a message exists if and only if the change committed.
--
--   pending ──claim──▶ sending ──SMTP accepted──▶ sent
--      ▲                  │ ├──SMTP error / timeout, attempts < max──▶ pending (next_attempt_at = backoff)
--      │                  │ └──attempts = max──▶ dead              (kept, listable)
--      └──lease expired───┘
--   no_recipient: the order has no e-mail address; kept and listed, never sent.
--
-- Without SMTP_URL no dispatcher runs and rows stay `pending` (listed, never
-- dropped). As for webhooks, a claim is a lease, not a transaction held across
-- the SMTP conversation (PGlite is one connection).
--
-- `data` is what the templates need and nothing more (first name, store name,
-- carrier …): the address is in `recipient` only. `pickup_code` is apart from
-- it because it is a secret: kept only while the message may still be sent,
-- and set to NULL in the statement that records it `sent` or `dead`.
CREATE TABLE notifications (
  tenant_id            text NOT NULL,
  id                   uuid NOT NULL,
  seq                  bigserial NOT NULL,
  order_id             text NOT NULL,
  -- NULL for order-level messages (refund issued).
  fulfilment_order_id  text,
  kind                 text NOT NULL CHECK (kind IN ('ready_for_pickup', 'shipped', 'pickup_expired', 'refund_issued')),
  recipient            text,
  data                 jsonb NOT NULL,
  pickup_code          text,
  status               text NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'sending', 'sent', 'dead', 'no_recipient')),
  attempts             integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- NULL: never tried, due at once (whatever the dispatcher's clock says).
  next_attempt_at      timestamptz,
  locked_until         timestamptz,
  claim_token          uuid,
  last_error           text,
  created_at           timestamptz NOT NULL,
  sent_at              timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  CHECK ((status = 'sending') = (claim_token IS NOT NULL AND locked_until IS NOT NULL)),
  CHECK ((status = 'no_recipient') = (recipient IS NULL)),
  CHECK (status IN ('pending', 'sending') OR pickup_code IS NULL)
);
CREATE INDEX notifications_due ON notifications (next_attempt_at NULLS FIRST, seq) WHERE status IN ('pending', 'sending');
CREATE INDEX notifications_list ON notifications (tenant_id, status, seq);
CREATE INDEX notifications_order ON notifications (tenant_id, order_id);

-- Links to the customer tracking page (`/track/{token}`). Only the SHA-256 of
-- a 256-bit random token is stored, so the table cannot be turned back into
-- links. That is also why an order may have several: the plaintext exists only
-- while one message is being sent, so the next message cannot reuse it and
-- gets a token of its own. They are minted when a message is sent, not at
-- capture, which keeps capture cheap and mints none for orders never notified.
-- The hash is the key (as for channel keys): the URL carries no tenant.
CREATE TABLE order_tracking_tokens (
  token_hash       text PRIMARY KEY,
  tenant_id        text NOT NULL,
  order_id         text NOT NULL,
  notification_id  uuid,
  created_at       timestamptz NOT NULL,
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX order_tracking_tokens_order ON order_tracking_tokens (tenant_id, order_id);
