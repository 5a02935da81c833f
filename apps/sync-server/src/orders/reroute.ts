import type { LineUnits, RoutingOrder } from '@aisle/domain';
import type { Sql } from '../storage/db.ts';
import { markChanged } from '../sync/replica.ts';
import { enqueueStatusWebhook } from '../webhooks/outbox.ts';
import { expireCartHolds, reserveAll, type ReservationRequest } from '../inventory/reservations.ts';
import { loadRoutingLocations, loadStockLevels } from '../routing/inputs.ts';
import { livePolicy } from '../routing/policies.ts';
import { shortfallRows } from './capture-order.ts';
import { planPlacement, type Placement, type PlannedFulfilment } from './place-order.ts';

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
  const placement = await placeExcluding(tx, tenantId, routingOrder, rejectingLocationIds, now);
  const at = now.toISOString();
  await insertFulfilments(tx, tenantId, request.orderId, placement.fulfilments, { policyRevision: placement.policyRevision, reroutedFrom: request.fromFulfilmentOrderId }, at);
  for (const r of shortfallRows(placement.decision)) {
    await tx.query(
      `INSERT INTO order_line_shortfalls (tenant_id, order_id, line_id, kind, quantity, reason, location_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [tenantId, request.orderId, r.lineId, r.kind, r.quantity, r.reason, r.locationId, at],
    );
  }
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

const MAX_ATTEMPTS = 20;

/**
 * Routes and reserves inside the command's transaction. Inputs are read
 * without locks; if a concurrent order took the units first the conditional
 * reservation fails, the attempt is rolled back to a savepoint and routing
 * starts again from fresh inputs. Reroutes are rare, so this path favours
 * plainness over the capture path's single-statement write.
 */
async function placeExcluding(tx: Sql, tenantId: string, order: RoutingOrder, rejectingLocationIds: readonly string[], now: Date): Promise<Placement> {
  const skus = [...new Set(order.lines.map((l) => l.sku))];
  await expireCartHolds(tx, tenantId, now, skus);
  for (let attempt = 1; ; attempt++) {
    const [locations, levels, policy] = await Promise.all([loadRoutingLocations(tx, tenantId, now), loadStockLevels(tx, tenantId, skus), livePolicy(tx, tenantId)]);
    const placement = planPlacement(order, { locations, levels, policy }, now, { rejectingLocationIds });
    const requests: ReservationRequest[] = placement.fulfilments.flatMap((f) =>
      f.lines.map((l) => ({ locationId: f.locationId, sku: l.sku, quantity: l.quantity, kind: 'order' as const, orderId: order.id, lineId: l.lineId, fulfilmentOrderId: f.id })),
    );
    await tx.query('SAVEPOINT reroute');
    const outcome = await reserveAll(tx, tenantId, requests, now);
    if (outcome.ok) {
      await tx.query('RELEASE SAVEPOINT reroute');
      return placement;
    }
    await tx.query('ROLLBACK TO SAVEPOINT reroute');
    if (attempt >= MAX_ATTEMPTS) throw new Error(`could not reserve stock to reroute order ${order.id} after ${attempt} attempts`);
  }
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
