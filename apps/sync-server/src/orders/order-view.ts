import { deriveOrderStatus, type FloorFulfilmentOrder, type FulfilmentOrderStatus } from '@aisle/domain';
import type { OrderView } from '@aisle/domain/protocol';
import type { Sql } from '../storage/db.ts';
import { FULFILMENT_ORDER_SELECT, toFloorFulfilmentOrder, type FoRow } from '../sync/replica.ts';

export interface OrderViewRow {
  id: string;
  order_number: string;
  external_id: string;
  channel: string;
  delivery_method: OrderView['deliveryMethod'];
  created_at: Date | string;
  routing_decision: OrderView['routing'];
}

export interface ShortfallViewRow {
  line_id: string;
  sku: string;
  kind: 'backorder' | 'unfillable';
  quantity: number;
  reason: string;
  location_id: string | null;
  status: 'open' | 'resolved' | 'cancelled';
}

/** An order as the channel API shows it; its status is derived from the fulfilment orders (OS1). */
export async function loadOrderView(db: Sql, tenantId: string, orderId: string): Promise<OrderView | null> {
  const order = await db.query<OrderViewRow>(
    'SELECT id, order_number, external_id, channel, delivery_method, created_at, routing_decision FROM orders WHERE tenant_id = $1 AND id = $2',
    [tenantId, orderId],
  );
  const o = order.rows[0];
  if (!o) return null;
  const fos = await db.query<FoRow>(`${FULFILMENT_ORDER_SELECT} WHERE fo.tenant_id = $1 AND fo.order_id = $2 ORDER BY fo.created_at, fo.id`, [
    tenantId,
    orderId,
  ]);
  const shortfalls = await db.query<ShortfallViewRow>(
    `SELECT s.line_id, l.sku, s.kind, s.quantity, s.reason, s.location_id, s.status
       FROM order_line_shortfalls s JOIN order_lines l ON l.tenant_id = s.tenant_id AND l.order_id = s.order_id AND l.line_id = s.line_id
      WHERE s.tenant_id = $1 AND s.order_id = $2 ORDER BY s.line_id, s.kind`,
    [tenantId, orderId],
  );
  return orderViewOf(o, fos.rows.map(toFloorFulfilmentOrder), shortfalls.rows);
}

/**
 * The view from its rows. Capture builds the same rows from what it has just
 * written (fulfilment orders by id, lines by line id, shortfalls by line and
 * kind, as the queries above sort them), so its answer is the one a later GET returns.
 */
export type FulfilmentOrderViewRow = Pick<FloorFulfilmentOrder, 'id' | 'locationId' | 'deliveryMethod' | 'status' | 'lines' | 'shipments'>;

export function orderViewOf(o: OrderViewRow, fulfilmentOrders: readonly FulfilmentOrderViewRow[], shortfalls: readonly ShortfallViewRow[]): OrderView {
  return {
    id: o.id,
    orderNumber: o.order_number,
    externalId: o.external_id,
    channel: o.channel,
    status: deriveOrderStatus(fulfilmentOrders.map((f) => f.status as FulfilmentOrderStatus), [], {
      backorderedLines: countLines(shortfalls, 'backorder'),
      unfillableLines: countLines(shortfalls, 'unfillable'),
      cancelledLines: new Set(shortfalls.filter((r) => r.status === 'cancelled').map((r) => r.line_id)).size,
    }),
    deliveryMethod: o.delivery_method,
    createdAt: new Date(o.created_at).toISOString(),
    fulfilmentOrders: fulfilmentOrders.map((f) => ({
      id: f.id,
      locationId: f.locationId,
      deliveryMethod: f.deliveryMethod,
      status: f.status,
      lines: f.lines,
      shipments: (f.shipments ?? []).map((s) => ({ shipmentId: s.shipmentId, carrier: s.carrier, trackingNumber: s.trackingNumber, shippedAt: s.shippedAt })),
    })),
    shortfalls: shortfalls.map((r) => ({
      lineId: r.line_id,
      sku: r.sku,
      kind: r.kind,
      quantity: r.quantity,
      reason: r.reason,
      locationId: r.location_id,
      status: r.status,
    })),
    routing: o.routing_decision ?? null,
  } as OrderView;
}

/** Distinct lines with an open shortfall of this kind. */
function countLines(rows: readonly { line_id: string; kind: string; status: string }[], kind: 'backorder' | 'unfillable'): number {
  return new Set(rows.filter((r) => r.kind === kind && r.status === 'open').map((r) => r.line_id)).size;
}
