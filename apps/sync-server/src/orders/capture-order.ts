import { createHash, randomUUID } from 'node:crypto';
import type { RoutingDecision, RoutingOrder } from '@aisle/domain';
import type { CaptureOrderRequest, OrderView } from '@aisle/domain/protocol';
import type { ChannelPrincipal } from '../http/auth.ts';
import { canonicalJson } from '../http/canonical-json.ts';
import { ApiException } from '../http/errors.ts';
import type { Db, Sql } from '../storage/db.ts';
import { markChanged } from '../sync/replica.ts';
import { loadOrderView } from './order-view.ts';
import { placeOrder } from './place-order.ts';
import { enqueueStatusWebhook } from '../webhooks/outbox.ts';

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
 * Routing and reservation happen in the same transaction (`placeOrder`):
 * what is captured is reserved, so it cannot be sold twice.
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
  const methodOf = (l: CaptureOrderRequest['lines'][number]) => l.deliveryMethod ?? req.deliveryMethod;
  if (req.pickupLocationId) {
    const location = await tx.query<{ capabilities: string[] }>('SELECT capabilities FROM locations WHERE tenant_id = $1 AND id = $2', [
      channel.tenantId,
      req.pickupLocationId,
    ]);
    if (!location.rows[0]?.capabilities.includes('pickup')) {
      throw new ApiException(422, 'unknown_reference', `no store ${req.pickupLocationId} offers pickup`, 'pickupLocationId');
    }
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
  const lines = req.lines.map((l, i) => ({ ...l, lineId: `L${String(i + 1).padStart(3, '0')}`, deliveryMethod: methodOf(l) }));
  const placement = await placeOrder(
    tx,
    channel.tenantId,
    {
      id: orderId,
      channel: channel.channel,
      lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, deliveryMethod: l.deliveryMethod })),
      ...(req.shipTo
        ? {
            shipTo: {
              country: req.shipTo.country,
              postalCode: req.shipTo.postalCode,
              ...(req.shipTo.region ? { region: req.shipTo.region } : {}),
              ...(req.shipTo.geo ? { geo: req.shipTo.geo } : {}),
            },
          }
        : {}),
      ...(req.pickupLocationId ? { pickupLocationId: req.pickupLocationId } : {}),
    } as RoutingOrder,
    now,
  );

  const seq = await tx.query<{ n: number }>("SELECT nextval('order_number_seq') AS n");
  const orderNumber = `A-${seq.rows[0]?.n}`;
  const at = now.toISOString();
  const methods = new Set(lines.map((l) => l.deliveryMethod));
  await tx.query(
    `INSERT INTO orders (tenant_id, id, order_number, channel, external_id, delivery_method, customer_first_name,
                         customer_last_name, customer_email, customer_phone, ship_to, pickup_location_id, currency,
                         routing_decision, routing_revision, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [channel.tenantId, orderId, orderNumber, channel.channel, req.externalId, methods.size > 1 ? 'mixed' : [...methods][0],
      req.customer.firstName, req.customer.lastName, req.customer.email ?? null, req.customer.phone ?? null,
      req.shipTo ? JSON.stringify(req.shipTo) : null, req.pickupLocationId ?? null, req.currency ?? null,
      JSON.stringify(placement.decision), placement.policyRevision, at],
  );
  for (const l of lines) {
    await tx.query(
      `INSERT INTO order_lines (tenant_id, order_id, line_id, sku, quantity, delivery_method, unit_price_minor) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [channel.tenantId, orderId, l.lineId, l.sku, l.quantity, l.deliveryMethod, l.unitPriceMinor ?? null],
    );
  }
  for (const f of placement.fulfilments) {
    await tx.query(
      `INSERT INTO fulfilment_orders (tenant_id, id, order_id, location_id, delivery_method, status, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'assigned', 1, $6, $6)`,
      [channel.tenantId, f.id, orderId, f.locationId, f.deliveryMethod, at],
    );
    for (const l of f.lines) {
      const product = bySku.get(l.sku);
      await tx.query(
        `INSERT INTO fulfilment_order_lines (tenant_id, fulfilment_order_id, line_id, sku, gtin, name, quantity)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [channel.tenantId, f.id, l.lineId, l.sku, product?.gtin ?? null, product?.name ?? l.sku, l.quantity],
      );
    }
    await tx.query(
      `INSERT INTO fulfilment_events (tenant_id, fulfilment_order_id, type, payload, at) VALUES ($1, $2, 'assigned', $3, $4)`,
      [channel.tenantId, f.id, JSON.stringify({ locationId: f.locationId, deliveryMethod: f.deliveryMethod, policyRevision: placement.policyRevision }), at],
    );
    await markChanged(tx, { tenantId: channel.tenantId, locationId: f.locationId, collection: 'fulfilment_orders', docId: f.id });
  }
  await recordShortfalls(tx, channel.tenantId, orderId, placement.decision, at);
  await enqueueStatusWebhook(tx, {
    tenantId: channel.tenantId,
    channel: channel.channel,
    event: 'order.routed',
    orderId,
    payload: { outcome: placement.decision.outcome, fulfilmentOrders: placement.fulfilments.map((f) => ({ id: f.id, locationId: f.locationId, deliveryMethod: f.deliveryMethod })) },
    occurredAt: now,
  });
  const body = await loadOrderView(tx, channel.tenantId, orderId);
  if (!body) throw new Error(`order ${orderId} not readable inside its own transaction`);
  return { status: 201, body, changedLocations: [...new Set(placement.fulfilments.map((f) => f.locationId))] };
}

/**
 * Lines no location takes now. Backorders wait for inbound supply at a named
 * location; pickup lines the chosen store cannot fill are backordered there when
 * its inbound covers them, otherwise unfillable — the decision's alternatives
 * tell the channel what it can offer the customer instead.
 */
export async function recordShortfalls(tx: Sql, tenantId: string, orderId: string, decision: RoutingDecision, at: string) {
  const rows: { lineId: string; kind: 'backorder' | 'unfillable'; quantity: number; reason: string; locationId: string | null }[] = [
    ...decision.backorders.map((b) => ({ lineId: b.lineId, kind: 'backorder' as const, quantity: b.quantity, reason: b.reason, locationId: b.locationId })),
    ...decision.unfillable.map((u) => ({ lineId: u.lineId, kind: 'unfillable' as const, quantity: u.quantity, reason: u.reason, locationId: null })),
  ];
  const waiting = decision.pickupAlternatives?.waitForInbound;
  for (const issue of decision.pickupIssues) {
    const backorder = waiting?.lineIds.includes(issue.lineId) ?? false;
    rows.push({
      lineId: issue.lineId,
      kind: backorder ? 'backorder' : 'unfillable',
      quantity: issue.quantity,
      reason: issue.reason,
      locationId: backorder && waiting ? waiting.locationId : null,
    });
  }
  const merged = new Map<string, (typeof rows)[number]>();
  for (const r of rows.filter((x) => x.quantity > 0)) {
    const key = `${r.lineId}/${r.kind}`;
    const prior = merged.get(key);
    merged.set(key, prior ? { ...prior, quantity: prior.quantity + r.quantity } : r);
  }
  for (const r of merged.values()) {
    await tx.query(
      `INSERT INTO order_line_shortfalls (tenant_id, order_id, line_id, kind, quantity, reason, location_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [tenantId, orderId, r.lineId, r.kind, r.quantity, r.reason, r.locationId, at],
    );
  }
}
