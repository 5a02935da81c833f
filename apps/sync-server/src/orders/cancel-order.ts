import {
  applyCancelFulfilmentOrder,
  validateCancelFulfilmentOrder,
  type FloorFulfilmentOrder,
} from '@aisle/domain';
import type { OrderView } from '@aisle/domain/protocol';
import { ApiException } from '../http/errors.ts';
import { closeReservations } from '../inventory/reservations.ts';
import type { Sql } from '../storage/db.ts';
import { applyFloorEffects } from '../fulfilment/floor-effects.ts';
import { insertEvents, saveFulfilmentOrder } from '../fulfilment/fulfilment-store.ts';
import { FULFILMENT_ORDER_SELECT, markChanged, toFloorFulfilmentOrder, type FoRow } from '../sync/replica.ts';
import { enqueueStatusWebhook } from '../webhooks/outbox.ts';
import { loadOrderView } from './order-view.ts';

/**
 * Cancels an order on behalf of its channel: every fulfilment order that can
 * still be cancelled is, their reservations are released and open shortfalls
 * closed, in one transaction. If any part already left the building (shipped,
 * picked up) nothing is cancelled and the answer is 409 naming it — a partial
 * cancel is a different request (cancel lines), not a side effect.
 *
 * Devices learn of it by replication; a pick they made offline meanwhile is
 * refused (PK1) and picked units get a put-back event.
 */
export async function cancelOrder(
  tx: Sql,
  tenantId: string,
  channel: string,
  orderId: string,
  reason: string,
  now: Date,
): Promise<{ view: OrderView; changedLocations: string[]; alreadyCancelled: boolean }> {
  const { rows: orderRows } = await tx.query<{ cancelled_at: Date | null }>(
    'SELECT cancelled_at FROM orders WHERE tenant_id = $1 AND id = $2 AND channel = $3 FOR UPDATE',
    [tenantId, orderId, channel],
  );
  const order = orderRows[0];
  if (!order) throw new ApiException(404, 'not_found', 'no such order');
  if (order.cancelled_at) {
    const view = await loadOrderView(tx, tenantId, orderId);
    return { view: view!, changedLocations: [], alreadyCancelled: true };
  }
  // Fulfilment orders in id order: the same lock order every writer uses.
  await tx.query('SELECT 1 FROM fulfilment_orders WHERE tenant_id = $1 AND order_id = $2 ORDER BY id FOR UPDATE', [tenantId, orderId]);
  const { rows } = await tx.query<FoRow>(`${FULFILMENT_ORDER_SELECT} WHERE fo.tenant_id = $1 AND fo.order_id = $2 ORDER BY fo.id`, [
    tenantId,
    orderId,
  ]);
  const at = now.toISOString();
  const fos = rows.map(toFloorFulfilmentOrder);
  const live = fos.filter((fo) => fo.status !== 'cancelled' && fo.status !== 'rejected');
  const command = (fo: FloorFulfilmentOrder) => ({ type: 'cancel_fulfilment_order' as const, fulfilmentOrderId: fo.id, reason });
  const blocked = live.filter((fo) => !validateCancelFulfilmentOrder(fo, command(fo)).ok);
  if (blocked.length > 0) {
    throw new ApiException(
      409,
      'conflict',
      `the order cannot be cancelled: ${blocked.map((fo) => `${fo.locationId} is ${fo.status}`).join(', ')}`,
    );
  }
  const changed = new Set<string>();
  for (const fo of live) {
    const { state, events } = applyCancelFulfilmentOrder(fo, command(fo), { now: at });
    await saveFulfilmentOrder(tx, tenantId, fo, state);
    await insertEvents(tx, tenantId, fo.id, events, null, at);
    // Put-back tasks for picked units; their reservations are released with the rest below.
    await applyFloorEffects(tx, { tenantId, fo: state, source: `cancel:${orderId}`, now }, events);
    await markChanged(tx, { tenantId, locationId: fo.locationId, collection: 'fulfilment_orders', docId: fo.id });
    changed.add(fo.locationId);
  }
  await closeReservations(tx, tenantId, { orderId }, 'released', now);
  await tx.query("UPDATE order_line_shortfalls SET status = 'cancelled' WHERE tenant_id = $1 AND order_id = $2 AND status = 'open'", [
    tenantId,
    orderId,
  ]);
  await tx.query('UPDATE orders SET cancelled_at = $3 WHERE tenant_id = $1 AND id = $2', [tenantId, orderId, at]);
  await enqueueStatusWebhook(tx, { tenantId, channel, event: 'order.cancelled', orderId, payload: { reason }, occurredAt: now });
  const view = await loadOrderView(tx, tenantId, orderId);
  return { view: view!, changedLocations: [...changed], alreadyCancelled: false };
}
