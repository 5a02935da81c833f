import { randomUUID } from 'node:crypto';
import type { Sql } from '../storage/db.ts';

export const NOTIFICATION_KINDS = ['ready_for_pickup', 'shipped', 'pickup_expired', 'refund_issued'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'dead', 'no_recipient'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** What each kind of message says, besides what every message carries (order number, first name). */
export type NotificationRequest =
  | { kind: 'ready_for_pickup'; fulfilmentOrderId: string; locationId: string; pickupCode?: string }
  | { kind: 'shipped'; fulfilmentOrderId: string; carrier: string; trackingNumber: string }
  | { kind: 'pickup_expired'; fulfilmentOrderId: string; locationId: string }
  | { kind: 'refund_issued'; refundId: string; amountMinor: number; currency: string };

/** Template data as stored in `notifications.data`: no address, no pickup code. */
export interface NotificationData {
  orderNumber: string;
  firstName: string;
  storeName?: string;
  carrier?: string;
  trackingNumber?: string;
  refundId?: string;
  amountMinor?: number;
  currency?: string;
}

/**
 * Queues a customer e-mail. Call it with the transaction that changed the
 * order: the message is sent if and only if the change commits.
 *
 * An order without an e-mail address still gets a row, as `no_recipient`, so
 * an operator listing notifications sees who was not told (and no pickup code
 * is kept for it).
 */
export async function enqueueNotification(
  tx: Sql,
  target: { tenantId: string; orderId: string; now: Date },
  request: NotificationRequest,
): Promise<{ notificationId: string; status: 'pending' | 'no_recipient' }> {
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(request.kind)) throw new Error(`unknown notification kind ${request.kind}`);
  const locationId = 'locationId' in request ? request.locationId : null;
  const { rows } = await tx.query<{ order_number: string; customer_first_name: string; customer_email: string | null; store_name: string | null }>(
    `SELECT o.order_number, o.customer_first_name, o.customer_email,
            (SELECT l.name FROM locations l WHERE l.tenant_id = o.tenant_id AND l.id = $3) AS store_name
       FROM orders o WHERE o.tenant_id = $1 AND o.id = $2`,
    [target.tenantId, target.orderId, locationId],
  );
  const order = rows[0];
  if (!order) throw new Error(`no order ${target.orderId} in tenant ${target.tenantId}`);

  const data: NotificationData = { orderNumber: order.order_number, firstName: order.customer_first_name };
  if (order.store_name !== null) data.storeName = order.store_name;
  if (request.kind === 'shipped') Object.assign(data, { carrier: request.carrier, trackingNumber: request.trackingNumber });
  if (request.kind === 'refund_issued') {
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) throw new Error(`refund amount must be a positive integer of minor units, got ${request.amountMinor}`);
    if (!/^[A-Z]{3}$/.test(request.currency)) throw new Error(`currency must be an ISO 4217 code, got ${request.currency}`);
    Object.assign(data, { refundId: request.refundId, amountMinor: request.amountMinor, currency: request.currency });
  }

  const recipient = order.customer_email?.trim() || null;
  const status = recipient ? 'pending' : 'no_recipient';
  const notificationId = randomUUID();
  await tx.query(
    `INSERT INTO notifications (tenant_id, id, order_id, fulfilment_order_id, kind, recipient, data, pickup_code, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      target.tenantId,
      notificationId,
      target.orderId,
      'fulfilmentOrderId' in request ? request.fulfilmentOrderId : null,
      request.kind,
      recipient,
      JSON.stringify(data),
      recipient && request.kind === 'ready_for_pickup' ? (request.pickupCode ?? null) : null,
      status,
      target.now.toISOString(),
    ],
  );
  return { notificationId, status };
}

/**
 * For the returns code: tells the customer a refund was issued. Call it in
 * the transaction that records the refund, once per refund.
 * `amountMinor` is a positive integer in the currency's minor units (1999 GBP = £19.99).
 */
export function enqueueRefundNotification(
  tx: Sql,
  refund: { tenantId: string; orderId: string; refundId: string; amountMinor: number; currency: string; now: Date },
): Promise<{ notificationId: string; status: 'pending' | 'no_recipient' }> {
  return enqueueNotification(
    tx,
    { tenantId: refund.tenantId, orderId: refund.orderId, now: refund.now },
    { kind: 'refund_issued', refundId: refund.refundId, amountMinor: refund.amountMinor, currency: refund.currency },
  );
}

/** A notification as operators see it: no pickup code, no template data, the address masked. */
export interface NotificationView {
  notificationId: string;
  orderId: string;
  fulfilmentOrderId: string | null;
  kind: NotificationKind;
  recipient: string | null;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** `ada@example.com` → `a***@example.com`: enough to spot a mistyped domain, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email.charAt(0)}***${email.slice(at)}`;
}

/** Notifications of one channel's orders, oldest first, optionally of one status. */
export async function listNotifications(
  db: Sql,
  scope: { tenantId: string; channel: string },
  opts: { status?: NotificationStatus; limit?: number } = {},
): Promise<NotificationView[]> {
  const { rows } = await db.query<{
    id: string;
    order_id: string;
    fulfilment_order_id: string | null;
    kind: NotificationKind;
    recipient: string | null;
    status: NotificationStatus;
    attempts: number;
    next_attempt_at: Date | null;
    last_error: string | null;
    created_at: Date;
    sent_at: Date | null;
  }>(
    `SELECT n.id, n.order_id, n.fulfilment_order_id, n.kind, n.recipient, n.status, n.attempts, n.next_attempt_at, n.last_error, n.created_at, n.sent_at
       FROM notifications n JOIN orders o ON o.tenant_id = n.tenant_id AND o.id = n.order_id
      WHERE n.tenant_id = $1 AND o.channel = $2 AND ($3::text IS NULL OR n.status = $3)
      ORDER BY n.seq LIMIT $4`,
    [scope.tenantId, scope.channel, opts.status ?? null, opts.limit ?? 500],
  );
  return rows.map((r) => ({
    notificationId: r.id,
    orderId: r.order_id,
    fulfilmentOrderId: r.fulfilment_order_id,
    kind: r.kind,
    recipient: r.recipient === null ? null : maskEmail(r.recipient),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at),
    lastError: r.last_error,
    createdAt: iso(r.created_at) as string,
    sentAt: iso(r.sent_at),
  }));
}
