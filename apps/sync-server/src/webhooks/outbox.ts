import { randomUUID } from 'node:crypto';
import type { Sql } from '../storage/db.ts';

export const WEBHOOK_EVENTS = [
  'order.routed',
  'order.rerouted',
  'order.ready_for_pickup',
  'order.pickup_expired',
  'order.shipped',
  'order.picked_up',
  'order.cancelled',
  'order.refunded',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'dead', 'undeliverable'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface StatusWebhook {
  tenantId: string;
  /** The channel the order came from; its configured webhook URL receives the event. */
  channel: string;
  event: WebhookEvent;
  orderId: string;
  /** Event details (JSON), sent as `data`. */
  payload: Record<string, unknown>;
  /** When the change happened; defaults to the database's clock. */
  occurredAt?: Date;
}

/** What a receiver gets, byte for byte the same on every retry. */
export interface WebhookBody {
  id: string;
  event: WebhookEvent;
  occurredAt: string;
  channel: string;
  orderId: string;
  externalId: string | null;
  data: Record<string, unknown>;
}

/**
 * Queues a status webhook. Call it with the transaction that changed the
 * status: the event is then sent if and only if the change commits.
 *
 * A channel with no webhook URL (or no channel row at all) gets nothing
 * queued and `null` back: storing events nobody can receive would grow the
 * table forever, and replaying months of stale statuses to a URL configured
 * later would mislead the receiver. (A URL removed while deliveries are
 * queued makes those `undeliverable`, see dispatcher.ts.)
 */
export async function enqueueStatusWebhook(tx: Sql, hook: StatusWebhook): Promise<{ deliveryId: string } | null> {
  if (!(WEBHOOK_EVENTS as readonly string[]).includes(hook.event)) throw new Error(`unknown webhook event ${hook.event}`);
  const { rows } = await tx.query<{ webhook_url: string | null; external_id: string | null; at: Date }>(
    `SELECT c.webhook_url,
            (SELECT o.external_id FROM orders o WHERE o.tenant_id = c.tenant_id AND o.id = $3) AS external_id,
            coalesce($4::timestamptz, now()) AS at
       FROM channels c WHERE c.tenant_id = $1 AND c.id = $2`,
    [hook.tenantId, hook.channel, hook.orderId, hook.occurredAt?.toISOString() ?? null],
  );
  const channel = rows[0];
  if (!channel?.webhook_url) return null;
  const deliveryId = randomUUID();
  const occurredAt = new Date(channel.at).toISOString();
  const body = statusWebhookBody(deliveryId, hook, occurredAt, channel.external_id);
  await tx.query(
    `INSERT INTO webhook_deliveries (tenant_id, id, channel, event, order_id, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [hook.tenantId, deliveryId, hook.channel, hook.event, hook.orderId, JSON.stringify(body), occurredAt],
  );
  return { deliveryId };
}

/** The body of a delivery; capture writes its row in its own statement, so it shares this. */
export function statusWebhookBody(deliveryId: string, hook: StatusWebhook, occurredAt: string, externalId: string | null): WebhookBody {
  return { id: deliveryId, event: hook.event, occurredAt, channel: hook.channel, orderId: hook.orderId, externalId, data: hook.payload };
}

/** A delivery as operators see it: no URL (it may carry a token) and no secret. */
export interface WebhookDeliveryView {
  deliveryId: string;
  channel: string;
  event: WebhookEvent;
  orderId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Deliveries of a tenant, oldest first, optionally of one status (`dead` ones are never dropped). */
export async function listWebhookDeliveries(
  db: Sql,
  tenantId: string,
  opts: { status?: DeliveryStatus; limit?: number } = {},
): Promise<WebhookDeliveryView[]> {
  const { rows } = await db.query<{
    id: string;
    channel: string;
    event: WebhookEvent;
    order_id: string;
    status: DeliveryStatus;
    attempts: number;
    next_attempt_at: Date | null;
    last_status_code: number | null;
    last_error: string | null;
    created_at: Date;
    delivered_at: Date | null;
  }>(
    `SELECT id, channel, event, order_id, status, attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at
       FROM webhook_deliveries
      WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2)
      ORDER BY seq LIMIT $3`,
    [tenantId, opts.status ?? null, opts.limit ?? 500],
  );
  return rows.map((r) => ({
    deliveryId: r.id,
    channel: r.channel,
    event: r.event,
    orderId: r.order_id,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at),
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: iso(r.created_at) as string,
    deliveredAt: iso(r.delivered_at),
  }));
}
