import { deriveOrderStatus, type FulfilmentOrderStatus } from '@aisle/domain';
import type { OrderView } from '@aisle/domain/protocol';
import type { Sql } from '../storage/db.ts';
import { FULFILMENT_ORDER_SELECT, toFulfilmentOrder, type FoRow } from '../sync/replica.ts';

/** An order as the channel API shows it; its status is derived from the fulfilment orders (OS1). */
export async function loadOrderView(db: Sql, tenantId: string, orderId: string): Promise<OrderView | null> {
  const order = await db.query<{
    id: string;
    order_number: string;
    external_id: string;
    channel: string;
    delivery_method: 'pickup';
    created_at: Date;
  }>('SELECT id, order_number, external_id, channel, delivery_method, created_at FROM orders WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    orderId,
  ]);
  const o = order.rows[0];
  if (!o) return null;
  const fos = await db.query<FoRow>(`${FULFILMENT_ORDER_SELECT} WHERE fo.tenant_id = $1 AND fo.order_id = $2 ORDER BY fo.created_at, fo.id`, [
    tenantId,
    orderId,
  ]);
  const fulfilmentOrders = fos.rows.map(toFulfilmentOrder);
  return {
    id: o.id,
    orderNumber: o.order_number,
    externalId: o.external_id,
    channel: o.channel,
    status: deriveOrderStatus(fulfilmentOrders.map((f) => f.status as FulfilmentOrderStatus)),
    deliveryMethod: o.delivery_method,
    createdAt: new Date(o.created_at).toISOString(),
    fulfilmentOrders: fulfilmentOrders.map((f) => ({ id: f.id, locationId: f.locationId, status: f.status, lines: f.lines })),
  } as OrderView;
}
