import { createHash, randomBytes } from 'node:crypto';
import type { FulfilmentOrderStatus } from '@aisle/domain';
import { loadOrderView } from '../orders/order-view.ts';
import type { Sql } from '../storage/db.ts';

/** 32 random bytes: 256 bits, 43 base64url characters. */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashTrackingToken(token: string): string {
  return createHash('sha256').update(`aisle-track-v1:${token}`, 'utf8').digest('hex');
}

/**
 * A new link token for an order; only its hash is stored. Called by the
 * dispatcher just before a message is sent, so the plaintext exists only in
 * that message.
 */
export async function mintTrackingToken(db: Sql, ref: { tenantId: string; orderId: string; notificationId: string | null; now: Date }): Promise<string> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  await db.query('INSERT INTO order_tracking_tokens (token_hash, tenant_id, order_id, notification_id, created_at) VALUES ($1, $2, $3, $4, $5)', [
    hashTrackingToken(token),
    ref.tenantId,
    ref.orderId,
    ref.notificationId,
    ref.now.toISOString(),
  ]);
  return token;
}

export function trackingUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/track/${token}`;
}

/** What the tracking page may show: no address, no e-mail, no phone, no last name. */
export interface TrackingView {
  orderNumber: string;
  /** First name and last initial: `Ada L.` */
  customer: string;
  status: string;
  placedAt: string;
  parts: TrackingPart[];
}

export interface TrackingPart {
  status: FulfilmentOrderStatus;
  deliveryMethod: 'pickup' | 'ship';
  /** The store, for pickups; a warehouse's name is not the customer's business. */
  storeName: string | null;
  /** Units in this part (the items themselves are left off: what someone bought is personal too). */
  units: number;
  shipments: { carrier: string; trackingNumber: string; shippedAt: string }[];
}

/**
 * The order behind a token, or null. Every token goes through the same path —
 * hash, one indexed lookup — whether it is malformed, unknown or valid, so
 * nothing is learnt from a quick refusal.
 */
export async function loadTrackingView(db: Sql, token: string): Promise<TrackingView | null> {
  const shaped = TOKEN_SHAPE.test(token);
  const { rows } = await db.query<{ tenant_id: string; order_id: string }>('SELECT tenant_id, order_id FROM order_tracking_tokens WHERE token_hash = $1', [
    hashTrackingToken(token),
  ]);
  const ref = rows[0];
  if (!ref || !shaped) return null;

  const view = await loadOrderView(db, ref.tenant_id, ref.order_id);
  if (!view) return null;
  const { rows: names } = await db.query<{ customer_first_name: string; customer_last_name: string }>(
    'SELECT customer_first_name, customer_last_name FROM orders WHERE tenant_id = $1 AND id = $2',
    [ref.tenant_id, ref.order_id],
  );
  const { rows: locations } = await db.query<{ id: string; name: string; kind: string }>(
    'SELECT id, name, kind FROM locations WHERE tenant_id = $1 AND id = ANY($2::text[])',
    [ref.tenant_id, view.fulfilmentOrders.map((f) => f.locationId)],
  );
  const location = new Map(locations.map((l) => [l.id, l]));
  const first = names[0]?.customer_first_name.trim() ?? '';
  const initial = names[0]?.customer_last_name.trim().charAt(0).toUpperCase() ?? '';
  return {
    orderNumber: view.orderNumber,
    customer: initial ? `${first} ${initial}.` : first,
    status: view.status,
    placedAt: view.createdAt,
    parts: view.fulfilmentOrders
      // A part a location gave up was rerouted to another part; showing it would only confuse.
      .filter((f) => f.status !== 'rejected')
      .map((f) => {
        const at = location.get(f.locationId);
        return {
          status: f.status,
          deliveryMethod: f.deliveryMethod,
          storeName: f.deliveryMethod === 'pickup' && at?.kind === 'store' ? at.name : null,
          units: f.lines.reduce((n, l) => n + l.quantity - (l.shortPicked ?? 0) - (l.customerCancelled ?? 0), 0),
          shipments: f.shipments.map((s) => ({ carrier: s.carrier, trackingNumber: s.trackingNumber, shippedAt: s.shippedAt })),
        };
      }),
  };
}
