import { createHash, randomUUID } from 'node:crypto';
import type { CaptureOrderRequest, OrderView } from '@aisle/domain/protocol';
import type { ChannelPrincipal } from '../http/auth.ts';
import { ApiException } from '../http/errors.ts';
import type { Db, Sql } from '../storage/db.ts';
import { markChanged } from '../sync/replica.ts';
import { loadOrderView } from './order-view.ts';

export interface CaptureOutcome {
  status: 200 | 201;
  body: OrderView;
  replayed: boolean;
  /** Locations whose replicas changed; to notify after commit. */
  changedLocations: string[];
}

/**
 * Captures a pickup order and assigns it to the chosen store, in one
 * transaction. Idempotent by `Idempotency-Key` (same body → the stored
 * response; another body → 409) and by channel + external id (the order
 * already captured is returned).
 *
 * Routing here is the trivial case of a pickup order: the customer chose the
 * store. ATP checks and reservations are not made yet.
 */
export async function captureOrder(
  db: Db,
  channel: ChannelPrincipal,
  idempotencyKey: string,
  rawBody: string,
  req: CaptureOrderRequest,
  now: Date,
): Promise<CaptureOutcome> {
  const requestHash = createHash('sha256').update(canonicalJson(JSON.parse(rawBody))).digest('hex');
  return db.transaction(async (tx) => {
    // Same key or same external id: one request at a time, the others wait and replay.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`idem/${channel.tenantId}/${channel.channel}/${idempotencyKey}`]);
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ext/${channel.tenantId}/${channel.channel}/${req.externalId}`]);

    const prior = await tx.query<{ request_hash: string; status_code: 200 | 201; response: OrderView }>(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE tenant_id = $1 AND channel = $2 AND key = $3',
      [channel.tenantId, channel.channel, idempotencyKey],
    );
    const hit = prior.rows[0];
    if (hit) {
      if (hit.request_hash !== requestHash) {
        throw new ApiException(409, 'idempotency_conflict', 'this Idempotency-Key was used with a different body', 'Idempotency-Key');
      }
      return { status: hit.status_code, body: hit.response, replayed: true, changedLocations: [] };
    }

    const existing = await tx.query<{ id: string }>(
      'SELECT id FROM orders WHERE tenant_id = $1 AND channel = $2 AND external_id = $3',
      [channel.tenantId, channel.channel, req.externalId],
    );
    let outcome: Omit<CaptureOutcome, 'replayed'>;
    if (existing.rows[0]) {
      const body = await loadOrderView(tx, channel.tenantId, existing.rows[0].id);
      if (!body) throw new Error(`order ${existing.rows[0].id} vanished inside its transaction`);
      outcome = { status: 200, body, changedLocations: [] };
    } else {
      outcome = await insertOrder(tx, channel, req, now);
    }
    await tx.query(
      'INSERT INTO idempotency_keys (tenant_id, channel, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5, $6)',
      [channel.tenantId, channel.channel, idempotencyKey, requestHash, outcome.status, JSON.stringify(outcome.body)],
    );
    return { ...outcome, replayed: false };
  });
}

async function insertOrder(
  tx: Sql,
  channel: ChannelPrincipal,
  req: CaptureOrderRequest,
  now: Date,
): Promise<Omit<CaptureOutcome, 'replayed'>> {
  const pickupLocationId = req.pickupLocationId;
  if (!pickupLocationId || req.lines.some((l) => (l.deliveryMethod ?? req.deliveryMethod) !== 'pickup')) {
    throw new ApiException(422, 'unknown_reference', 'only pickup-in-store orders can be routed so far', 'deliveryMethod');
  }
  const location = await tx.query<{ kind: string }>('SELECT kind FROM locations WHERE tenant_id = $1 AND id = $2', [
    channel.tenantId,
    pickupLocationId,
  ]);
  if (location.rows[0]?.kind !== 'store') {
    throw new ApiException(422, 'unknown_reference', `no store ${pickupLocationId} offers pickup`, 'pickupLocationId');
  }
  const skus = req.lines.map((l) => l.sku);
  const products = await tx.query<{ sku: string; name: string; gtin: string | null }>(
    'SELECT sku, name, gtin FROM products WHERE tenant_id = $1 AND sku = ANY($2::text[])',
    [channel.tenantId, skus],
  );
  const bySku = new Map(products.rows.map((p) => [p.sku, p]));
  const missing = req.lines.findIndex((l) => !bySku.has(l.sku));
  if (missing >= 0) {
    throw new ApiException(422, 'unknown_reference', `unknown SKU ${req.lines[missing]?.sku}`, `lines.${missing}.sku`);
  }

  const orderId = randomUUID();
  const foId = randomUUID();
  const seq = await tx.query<{ n: number }>("SELECT nextval('order_number_seq') AS n");
  const orderNumber = `A-${seq.rows[0]?.n}`;
  const at = now.toISOString();
  await tx.query(
    `INSERT INTO orders (tenant_id, id, order_number, channel, external_id, delivery_method,
                         customer_first_name, customer_last_name, customer_email, created_at)
     VALUES ($1, $2, $3, $4, $5, 'pickup', $6, $7, $8, $9)`,
    [channel.tenantId, orderId, orderNumber, channel.channel, req.externalId, req.customer.firstName,
      req.customer.lastName, req.customer.email ?? null, at],
  );
  await tx.query(
    `INSERT INTO fulfilment_orders (tenant_id, id, order_id, location_id, status, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'assigned', 1, $5, $5)`,
    [channel.tenantId, foId, orderId, pickupLocationId, at],
  );
  for (const [i, line] of req.lines.entries()) {
    const lineId = `L${String(i + 1).padStart(3, '0')}`;
    const product = bySku.get(line.sku);
    await tx.query('INSERT INTO order_lines (tenant_id, order_id, line_id, sku, quantity) VALUES ($1, $2, $3, $4, $5)', [
      channel.tenantId, orderId, lineId, line.sku, line.quantity,
    ]);
    await tx.query(
      `INSERT INTO fulfilment_order_lines (tenant_id, fulfilment_order_id, line_id, sku, gtin, name, quantity)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [channel.tenantId, foId, lineId, line.sku, product?.gtin ?? null, product?.name ?? line.sku, line.quantity],
    );
  }
  await tx.query(
    `INSERT INTO fulfilment_events (tenant_id, fulfilment_order_id, type, payload, at) VALUES ($1, $2, 'assigned', $3, $4)`,
    [channel.tenantId, foId, JSON.stringify({ locationId: pickupLocationId, reason: 'pickup store chosen by the customer' }), at],
  );
  await markChanged(tx, { tenantId: channel.tenantId, locationId: pickupLocationId, collection: 'fulfilment_orders', docId: foId });
  const body = await loadOrderView(tx, channel.tenantId, orderId);
  if (!body) throw new Error(`order ${orderId} not readable inside its own transaction`);
  return { status: 201, body, changedLocations: [pickupLocationId] };
}

/** Key order must not change the hash: `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
