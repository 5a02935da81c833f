import type { TenantId } from '@aisle/domain';
import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import type { AppEnv } from '../http/auth.ts';
import { ApiException, invalidBody } from '../http/errors.ts';
import { captureOrder } from '../orders/capture-order.ts';
import { canonicalJson } from '../http/canonical-json.ts';
import { shopifyChannelForShop } from './channels.ts';
import { mapShopifyOrder } from './shopify-mapping.ts';
import { ShopifyOrder, parseLosslessJson } from './shopify-order.ts';
import { verifyShopifyHmac } from './shopify-signature.ts';

export const SHOPIFY_HEADERS = {
  hmac: 'X-Shopify-Hmac-Sha256',
  shop: 'X-Shopify-Shop-Domain',
  topic: 'X-Shopify-Topic',
  webhookId: 'X-Shopify-Webhook-Id',
} as const;

// An unknown shop still costs one HMAC, so the answer's timing does not tell which shops exist.
const NO_SECRET = 'aisle-unknown-shop-placeholder-secret';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Shopify webhooks in. Authenticated by the HMAC of the raw body with the
 * channel's shared secret (no Bearer key): the shop domain header picks the
 * tenant and channel. Shopify retries anything but a 2xx, so a capture
 * answers 200 `{orderId}`, also for a replay.
 */
export function shopifyRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/orders', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const shop = c.req.header(SHOPIFY_HEADERS.shop)?.trim();
    const channel = shop ? await shopifyChannelForShop(deps.db, shop) : null;
    const signed = verifyShopifyHmac(channel?.secret ?? NO_SECRET, raw, c.req.header(SHOPIFY_HEADERS.hmac));
    if (!channel || !signed) {
      deps.log({ level: 'warn', msg: 'shopify webhook refused: unknown shop or bad signature', shop, requestId: c.get('requestId') });
      throw new ApiException(401, 'unauthenticated', `${SHOPIFY_HEADERS.hmac} does not match this shop's shared secret`, SHOPIFY_HEADERS.hmac);
    }

    const topic = c.req.header(SHOPIFY_HEADERS.topic)?.trim();
    if (topic !== undefined && topic !== 'orders/create') {
      throw new ApiException(400, 'invalid_body', `only the orders/create topic is accepted here, not ${topic}`, SHOPIFY_HEADERS.topic);
    }
    const webhookId = c.req.header(SHOPIFY_HEADERS.webhookId)?.trim();
    if (!webhookId) throw new ApiException(400, 'missing_header', `send ${SHOPIFY_HEADERS.webhookId}`, SHOPIFY_HEADERS.webhookId);
    if (webhookId.length > 200) throw new ApiException(400, 'invalid_body', `${SHOPIFY_HEADERS.webhookId} is longer than 200 characters`, SHOPIFY_HEADERS.webhookId);

    let json: unknown;
    try {
      json = parseLosslessJson(utf8.decode(raw));
    } catch {
      throw new ApiException(400, 'invalid_json', 'the body is not valid UTF-8 JSON');
    }
    const parsed = ShopifyOrder.safeParse(json);
    if (!parsed.success) throw invalidBody(parsed.error);

    const mapped = mapShopifyOrder(parsed.data, channel.locations);
    if (!mapped.ok) throw new ApiException(422, 'invalid_body', `${mapped.field}: ${mapped.message}`, mapped.field);

    const principal = { tenantId: channel.tenantId as TenantId, channel: channel.channel };
    let outcome: { orderId: string; replayed: boolean; changedLocations: string[] };
    try {
      const captured = await captureOrder(deps.db, principal, webhookId, canonicalJson(mapped.request), mapped.request, deps.clock());
      outcome = { orderId: captured.body.id, replayed: captured.replayed, changedLocations: captured.changedLocations };
    } catch (e) {
      if (!(e instanceof ApiException)) throw e;
      // Same webhook id, different mapping (the channel's location mapping changed
      // between Shopify's retries): the order exists, and answering 409 would
      // only make Shopify retry for two days.
      const existing = e.code === 'idempotency_conflict' ? await existingOrderId(deps, principal, mapped.request.externalId) : null;
      if (!existing) {
        const field = e.field === undefined ? undefined : mapped.fieldOf(e.field);
        throw new ApiException(e.status, e.code, field ? `${field}: ${e.message}` : e.message, field);
      }
      outcome = { orderId: existing, replayed: true, changedLocations: [] };
    }

    for (const locationId of outcome.changedLocations) deps.notifier.publish(channel.tenantId, locationId);
    deps.log({
      level: 'info',
      msg: 'shopify order captured',
      requestId: c.get('requestId'),
      tenantId: channel.tenantId,
      channel: channel.channel,
      webhookId,
      externalId: mapped.request.externalId,
      orderId: outcome.orderId,
      replayed: outcome.replayed,
    });
    if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json({ orderId: outcome.orderId }, 200);
  });

  return app;
}

async function existingOrderId(deps: AppDeps, principal: { tenantId: string; channel: string }, externalId: string): Promise<string | null> {
  const { rows } = await deps.db.query<{ id: string }>('SELECT id FROM orders WHERE tenant_id = $1 AND channel = $2 AND external_id = $3', [
    principal.tenantId,
    principal.channel,
    externalId,
  ]);
  return rows[0]?.id ?? null;
}
