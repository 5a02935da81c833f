import type { LineUnits, RoutingOrder } from '@aisle/domain';
import type { Sql } from '../storage/db.ts';
import { markChanged } from '../sync/replica.ts';
import { enqueueStatusWebhook } from '../webhooks/outbox.ts';
import { recordShortfalls } from './capture-order.ts';
import { placeOrder, type PlannedFulfilment } from './place-order.ts';

interface OrderRow {
  channel: string;
  ship_to: { country: string; postalCode: string; region?: string; geo?: { lat: number; lon: number } } | null;
  pickup_location_id: string | null;
}

/**
 * SP5: routes units a location gave up (short-pick, rejection) to other
 * locations, inside the command's transaction. Every location that ever gave
 * up part of this order is excluded, so the units never bounce back; what no
 * location can take becomes a backorder or an unfillable shortfall, exactly as
 * at capture. The caller has already released the units' reservations.
 */
export async function rerouteLines(
  tx: Sql,
  tenantId: string,
  request: { orderId: string; fromFulfilmentOrderId: string; excludeLocationId: string; reason: string; lines: readonly LineUnits[] },
  now: Date,
): Promise<{ changedLocations: string[] }> {
  const { rows: orders } = await tx.query<OrderRow>(
    'SELECT channel, ship_to, pickup_location_id FROM orders WHERE tenant_id = $1 AND id = $2',
    [tenantId, request.orderId],
  );
  const order = orders[0];
  if (!order) throw new Error(`order ${request.orderId} vanished during a reroute`);
  const { rows: methods } = await tx.query<{ line_id: string; delivery_method: 'ship' | 'pickup' }>(
    'SELECT line_id, delivery_method FROM order_lines WHERE tenant_id = $1 AND order_id = $2 AND line_id = ANY($3::text[])',
    [tenantId, request.orderId, request.lines.map((l) => l.lineId)],
  );
  const methodOf = new Map(methods.map((m) => [m.line_id, m.delivery_method]));
  // The reroute event of this command is already in the log, so its location is among these.
  const { rows: rejecting } = await tx.query<{ location_id: string }>(
    `SELECT DISTINCT e.payload->>'excludeLocationId' AS location_id
       FROM fulfilment_events e JOIN fulfilment_orders fo ON fo.tenant_id = e.tenant_id AND fo.id = e.fulfilment_order_id
      WHERE e.tenant_id = $1 AND fo.order_id = $2 AND e.type = 'reroute_requested'`,
    [tenantId, request.orderId],
  );
  const rejectingLocationIds = [...new Set([request.excludeLocationId, ...rejecting.map((r) => r.location_id)])].sort();

  const routingOrder = {
    id: request.orderId,
    channel: order.channel,
    lines: request.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, deliveryMethod: methodOf.get(l.lineId) ?? 'ship' })),
    ...(order.ship_to ? { shipTo: order.ship_to } : {}),
    ...(order.pickup_location_id ? { pickupLocationId: order.pickup_location_id } : {}),
  } as RoutingOrder;
  const placement = await placeOrder(tx, tenantId, routingOrder, now, { rejectingLocationIds });
  const at = now.toISOString();
  await insertFulfilments(tx, tenantId, request.orderId, placement.fulfilments, { policyRevision: placement.policyRevision, reroutedFrom: request.fromFulfilmentOrderId }, at);
  await recordShortfalls(tx, tenantId, request.orderId, placement.decision, at);
  await tx.query(
    `INSERT INTO fulfilment_events (tenant_id, fulfilment_order_id, type, payload, at) VALUES ($1, $2, 'rerouted', $3, $4)`,
    [tenantId, request.fromFulfilmentOrderId, JSON.stringify({ reason: request.reason, rejectingLocationIds, decision: placement.decision }), at],
  );
  await enqueueStatusWebhook(tx, {
    tenantId,
    channel: order.channel,
    event: 'order.rerouted',
    orderId: request.orderId,
    payload: {
      fromLocationId: request.excludeLocationId,
      reason: request.reason,
      lines: request.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
      outcome: placement.decision.outcome,
      fulfilmentOrders: placement.fulfilments.map((f) => ({ id: f.id, locationId: f.locationId, deliveryMethod: f.deliveryMethod })),
    },
    occurredAt: now,
  });
  return { changedLocations: [...new Set(placement.fulfilments.map((f) => f.locationId))] };
}

/** Creates the planned fulfilment orders with name and barcode copied from the catalog, and marks them for their locations' replicas. */
async function insertFulfilments(
  tx: Sql,
  tenantId: string,
  orderId: string,
  fulfilments: readonly PlannedFulfilment[],
  assignment: { policyRevision: number; reroutedFrom: string },
  at: string,
): Promise<void> {
  if (fulfilments.length === 0) return;
  const skus = [...new Set(fulfilments.flatMap((f) => f.lines.map((l) => l.sku)))];
  const { rows: products } = await tx.query<{ sku: string; gtin: string | null; name: string }>(
    'SELECT sku, gtin, name FROM products WHERE tenant_id = $1 AND sku = ANY($2::text[])',
    [tenantId, skus],
  );
  const bySku = new Map(products.map((p) => [p.sku, p]));
  for (const f of fulfilments) {
    await tx.query(
      `INSERT INTO fulfilment_orders (tenant_id, id, order_id, location_id, delivery_method, status, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'assigned', 1, $6, $6)`,
      [tenantId, f.id, orderId, f.locationId, f.deliveryMethod, at],
    );
    for (const l of f.lines) {
      const product = bySku.get(l.sku);
      await tx.query(
        `INSERT INTO fulfilment_order_lines (tenant_id, fulfilment_order_id, line_id, sku, gtin, name, quantity)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [tenantId, f.id, l.lineId, l.sku, product?.gtin ?? null, product?.name ?? l.sku, l.quantity],
      );
    }
    await tx.query(
      `INSERT INTO fulfilment_events (tenant_id, fulfilment_order_id, type, payload, at) VALUES ($1, $2, 'assigned', $3, $4)`,
      [tenantId, f.id, JSON.stringify({ locationId: f.locationId, deliveryMethod: f.deliveryMethod, ...assignment }), at],
    );
    await markChanged(tx, { tenantId, locationId: f.locationId, collection: 'fulfilment_orders', docId: f.id });
  }
}
