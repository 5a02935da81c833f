-- Who may do what: tenant admin keys, associates who sign in on an enrolled
-- device with their badge and PIN, and the sessions that result. Every secret
-- is stored hashed: keys, badges and session tokens as SHA-256 (they are
-- high-entropy random tokens), PINs with scrypt and a per-associate salt
-- (a 4–8 digit PIN is guessable from a fast hash).

CREATE TABLE admin_keys (
  key_hash    text PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

CREATE TABLE associates (
  tenant_id        text NOT NULL REFERENCES tenants (id),
  id               text NOT NULL,
  first_name       text NOT NULL,
  last_name        text NOT NULL,
  role             text NOT NULL CHECK (role IN ('associate', 'picker', 'returns', 'manager', 'counter_kiosk')),
  -- NULL: may sign in at any location of the tenant (area managers).
  location_id      text,
  badge_hash       text NOT NULL UNIQUE,
  pin_salt         text NOT NULL,
  pin_hash         text NOT NULL,
  failed_attempts  integer NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);

CREATE TABLE sessions (
  id             text PRIMARY KEY,
  token_hash     text NOT NULL UNIQUE,
  tenant_id      text NOT NULL,
  device_id      text NOT NULL REFERENCES devices (id),
  associate_id   text NOT NULL,
  created_at     timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL,
  -- Absolute limit: a session ends at the end of a long shift whatever happens.
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  FOREIGN KEY (tenant_id, associate_id) REFERENCES associates (tenant_id, id)
);
CREATE INDEX sessions_device ON sessions (device_id) WHERE revoked_at IS NULL;

-- Commands now say who made them.
ALTER TABLE commands ADD COLUMN associate_id text;

-- Wrong pickup codes per device, for rate limiting guesses at the counter.
CREATE TABLE pickup_code_failures (
  device_id  text NOT NULL,
  at         timestamptz NOT NULL
);
CREATE INDEX pickup_code_failures_device ON pickup_code_failures (device_id, at);
