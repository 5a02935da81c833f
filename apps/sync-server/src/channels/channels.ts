import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '../storage/db.ts';

export const CHANNEL_KINDS = ['generic', 'shopify'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const channelName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'a channel id is lower-case letters, digits, - or _');
const secret = z.string().min(16, 'a signing secret has at least 16 characters').max(200);
const shopifyLocationId = z.string().regex(/^[1-9]\d{0,19}$/, 'a Shopify location id is its decimal string');

/** What an operator (today: the demo seed and tests) configures for a channel. */
export const ChannelSpec = z
  .object({
    tenantId: z.string().min(1),
    id: channelName,
    kind: z.enum(CHANNEL_KINDS),
    /** Where status webhooks go; none configured means none are queued (see webhooks/outbox.ts). */
    webhookUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
    webhookSecret: secret.nullable().default(null),
    shopify: z
      .object({
        /** The `X-Shopify-Shop-Domain` Shopify sends, e.g. `aisle-demo.myshopify.com`. */
        shopDomain: z
          .string()
          .transform((s) => s.trim().toLowerCase())
          .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/, 'a shop domain such as example.myshopify.com')),
        /** The app's shared secret Shopify signs webhooks with. */
        secret,
      })
      .nullable()
      .default(null),
    locations: z
      .array(z.object({ externalLocationId: shopifyLocationId, locationId: z.string().min(1), pickupCode: z.string().trim().min(1).max(200).nullable().default(null) }))
      .default([]),
  })
  .refine((c) => c.webhookUrl === null || c.webhookSecret !== null, { path: ['webhookSecret'], message: 'a webhook URL needs a signing secret' })
  .refine((c) => (c.kind === 'shopify') === (c.shopify !== null), { path: ['shopify'], message: 'shop domain and secret go with kind shopify' });
export type ChannelSpec = z.input<typeof ChannelSpec>;

/** A channel as it may be shown: the secrets never leave the server, only whether one is set. */
export interface ChannelView {
  tenantId: string;
  id: string;
  kind: ChannelKind;
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  shopifyShopDomain: string | null;
  locations: { externalLocationId: string; locationId: string; pickupCode: string | null }[];
}

/** A fresh signing secret (256 bits), for outbound webhooks or a demo Shopify app. */
export function newSigningSecret(prefix = 'whsec'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * Creates or replaces a channel's configuration and its location mapping.
 * Run inside a transaction so the mapping is never seen half-replaced.
 */
export async function upsertChannel(tx: Sql, input: ChannelSpec): Promise<void> {
  const spec = ChannelSpec.parse(input);
  await tx.query(
    `INSERT INTO channels (tenant_id, id, kind, webhook_url, webhook_secret, shopify_shop_domain, shopify_secret)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, id) DO UPDATE SET
       kind = EXCLUDED.kind, webhook_url = EXCLUDED.webhook_url, webhook_secret = EXCLUDED.webhook_secret,
       shopify_shop_domain = EXCLUDED.shopify_shop_domain, shopify_secret = EXCLUDED.shopify_secret, updated_at = now()`,
    [spec.tenantId, spec.id, spec.kind, spec.webhookUrl, spec.webhookSecret, spec.shopify?.shopDomain ?? null, spec.shopify?.secret ?? null],
  );
  await tx.query('DELETE FROM channel_locations WHERE tenant_id = $1 AND channel = $2', [spec.tenantId, spec.id]);
  for (const l of spec.locations) {
    await tx.query(
      'INSERT INTO channel_locations (tenant_id, channel, external_location_id, location_id, pickup_code) VALUES ($1, $2, $3, $4, $5)',
      [spec.tenantId, spec.id, l.externalLocationId, l.locationId, l.pickupCode],
    );
  }
}

interface ChannelRow {
  tenant_id: string;
  id: string;
  kind: ChannelKind;
  webhook_url: string | null;
  webhook_secret: string | null;
  shopify_shop_domain: string | null;
}

async function loadLocations(db: Sql, tenantId: string, channel: string): Promise<ChannelView['locations']> {
  const { rows } = await db.query<{ external_location_id: string; location_id: string; pickup_code: string | null }>(
    `SELECT external_location_id, location_id, pickup_code FROM channel_locations
      WHERE tenant_id = $1 AND channel = $2 ORDER BY external_location_id`,
    [tenantId, channel],
  );
  return rows.map((r) => ({ externalLocationId: r.external_location_id, locationId: r.location_id, pickupCode: r.pickup_code }));
}

export async function getChannel(db: Sql, tenantId: string, id: string): Promise<ChannelView | null> {
  const { rows } = await db.query<ChannelRow>(
    'SELECT tenant_id, id, kind, webhook_url, webhook_secret, shopify_shop_domain FROM channels WHERE tenant_id = $1 AND id = $2',
    [tenantId, id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    tenantId: r.tenant_id,
    id: r.id,
    kind: r.kind,
    webhookUrl: r.webhook_url,
    hasWebhookSecret: r.webhook_secret !== null,
    shopifyShopDomain: r.shopify_shop_domain,
    locations: await loadLocations(db, r.tenant_id, r.id),
  };
}

/** What the Shopify intake needs to verify and map a webhook. Holds the secret: never log or return it. */
export interface ShopifyChannel {
  tenantId: string;
  channel: string;
  secret: string;
  locations: ChannelView['locations'];
}

export async function shopifyChannelForShop(db: Sql, shopDomain: string): Promise<ShopifyChannel | null> {
  const { rows } = await db.query<{ tenant_id: string; id: string; shopify_secret: string }>(
    "SELECT tenant_id, id, shopify_secret FROM channels WHERE kind = 'shopify' AND shopify_shop_domain = $1",
    [shopDomain.trim().toLowerCase()],
  );
  const r = rows[0];
  if (!r) return null;
  return { tenantId: r.tenant_id, channel: r.id, secret: r.shopify_secret, locations: await loadLocations(db, r.tenant_id, r.id) };
}
