import type { CancelFulfilmentOrderEvent, FloorCommandEvent, FloorFulfilmentOrder, LineUnits } from '@aisle/domain';
import { removeUnreservedStock, takeLineReservations, writeDownStock } from '../inventory/floor-stock.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import { rerouteLines } from '../orders/reroute.ts';
import type { Sql } from '../storage/db.ts';
import { enqueueStatusWebhook } from '../webhooks/outbox.ts';
import { raiseCountTask } from '../inventory/stock-movements.ts';
import { raiseRestockTask } from './fulfilment-store.ts';

export type FulfilmentEvent = FloorCommandEvent | CancelFulfilmentOrderEvent;

export interface EffectContext {
  tenantId: string;
  /** The document after the command (the events describe how it got there). */
  fo: FloorFulfilmentOrder;
  /** The command that caused the events, or a label for central decisions (`cancel:<order>`). */
  source: string;
  /** The pickup code issued by this command, when it staged the order: it goes to the channel, never into the document. */
  pickupCode?: string;
  now: Date;
}

/** Put-backs whose reservations are still live when the event arrives: the units become available again. */
const RELEASING_RESTOCK = new Set(['rejected', 'not_taken_at_pickup', 'refused_at_pickup', 'pickup_expired', 'cancelled']);

/**
 * What floor events change outside the fulfilment order, applied in the
 * command's transaction so the document, the stock, the tasks and the
 * channel's webhooks commit together or not at all. The domain decided *what*
 * happens (events.ts); this decides *where it is written*.
 *
 * Returns the locations whose replicas changed besides the document's own
 * (a reroute assigns work elsewhere).
 */
export async function applyFloorEffects(tx: Sql, ctx: EffectContext, events: readonly FulfilmentEvent[]): Promise<{ changedLocations: string[] }> {
  const { tenantId, fo, now } = ctx;
  const changed = new Set<string>();
  let channel: string | undefined;
  const channelOf = async (): Promise<string> => {
    if (channel === undefined) {
      const { rows } = await tx.query<{ channel: string }>('SELECT channel FROM orders WHERE tenant_id = $1 AND id = $2', [tenantId, fo.orderId]);
      channel = rows[0]?.channel ?? '';
    }
    return channel;
  };
  const webhook = async (event: Parameters<typeof enqueueStatusWebhook>[1]['event'], payload: Record<string, unknown>) =>
    enqueueStatusWebhook(tx, { tenantId, channel: await channelOf(), event, orderId: fo.orderId, payload, occurredAt: now });
  const takes = (lines: readonly LineUnits[]) => lines.map((l) => ({ lineId: l.lineId, sku: l.sku, units: l.quantity }));

  for (const event of events) {
    switch (event.type) {
      case 'line_short_picked':
        // Whatever the reason, this location no longer holds these units for the order.
        await takeLineReservations(tx, tenantId, fo.id, [{ lineId: event.lineId, sku: event.sku, units: event.quantity }], 'released', now);
        break;
      case 'restock_requested':
        await raiseRestockTask(
          tx,
          tenantId,
          { locationId: event.locationId, fulfilmentOrderId: fo.id, reason: event.reason, bin: event.bin, lines: event.lines },
          now.toISOString(),
        );
        if (RELEASING_RESTOCK.has(event.reason)) await takeLineReservations(tx, tenantId, fo.id, takes(event.lines), 'released', now);
        break;
      case 'reroute_requested': {
        const { changedLocations } = await rerouteLines(
          tx,
          tenantId,
          { orderId: event.orderId, fromFulfilmentOrderId: fo.id, excludeLocationId: event.excludeLocationId, reason: event.reason, lines: event.lines },
          now,
        );
        for (const l of changedLocations) changed.add(l);
        break;
      }
      case 'stock_zero_requested':
        await writeDownStock(tx, tenantId, { locationId: event.locationId, sku: event.sku, by: 'to_held', reason: 'short_pick_not_in_stock', source: ctx.source }, now);
        break;
      case 'damaged_stock_reported':
        await writeDownStock(tx, tenantId, { locationId: event.locationId, sku: event.sku, by: event.quantity, reason: 'damaged', source: ctx.source }, now);
        break;
      case 'count_task_requested':
        await raiseCountTask(tx, tenantId, { locationId: event.locationId, sku: event.sku, reason: event.reason, fulfilmentOrderId: fo.id }, now.toISOString());
        break;
      case 'staged_for_pickup':
        await webhook('order.ready_for_pickup', {
          fulfilmentOrderId: fo.id,
          locationId: fo.locationId,
          lines: fo.lines.filter((l) => l.picked > 0).map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.picked })),
          ...(ctx.pickupCode ? { pickupCode: ctx.pickupCode } : {}),
        });
        break;
      case 'handoff_recorded':
        // A late handoff finds no live reservation (the cancellation released it); late_handoff_recorded takes the stock.
        await takeLineReservations(tx, tenantId, fo.id, takes(event.handedOver), 'consumed', now);
        await webhook('order.picked_up', {
          fulfilmentOrderId: fo.id,
          locationId: fo.locationId,
          outcome: event.outcome,
          handedOver: event.handedOver,
          notTaken: event.notTaken,
          reason: event.reason,
        });
        break;
      case 'late_handoff_recorded':
        for (const l of event.handedOver) {
          await removeUnreservedStock(tx, tenantId, { locationId: fo.locationId, sku: l.sku, units: l.quantity, reason: 'late_handoff', source: ctx.source }, now);
        }
        await cancelRestockFor(tx, tenantId, fo.id, event.handedOver);
        break;
      case 'shipment_dispatched': {
        const units = new Map<string, number>();
        for (const pkg of (fo.packages ?? []).filter((p) => event.packageIds.includes(p.packageId))) {
          for (const l of pkg.lines) units.set(l.lineId, (units.get(l.lineId) ?? 0) + l.quantity);
        }
        const lines = fo.lines.filter((l) => units.has(l.lineId)).map((l) => ({ lineId: l.lineId, sku: l.sku, units: units.get(l.lineId) ?? 0 }));
        await takeLineReservations(tx, tenantId, fo.id, lines, 'consumed', now);
        await webhook('order.shipped', {
          fulfilmentOrderId: fo.id,
          locationId: fo.locationId,
          shipmentId: event.shipmentId,
          carrier: event.carrier,
          trackingNumber: event.trackingNumber,
          lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.units })),
        });
        break;
      }
      case 'customer_notification_requested': {
        // Staging and shipping send their own webhooks above; expiry has no event of its own.
        if (event.kind === 'pickup_expired') await webhook('order.pickup_expired', { fulfilmentOrderId: fo.id, locationId: fo.locationId });
        // The customer's e-mail, queued in this transaction (notifications/outbox.ts); the pickup code rides along until it is sent.
        const target = { tenantId, orderId: fo.orderId, now };
        if (event.kind === 'ready_for_pickup') {
          await enqueueNotification(tx, target, { kind: 'ready_for_pickup', fulfilmentOrderId: fo.id, locationId: fo.locationId, ...(ctx.pickupCode ? { pickupCode: ctx.pickupCode } : {}) });
        } else if (event.kind === 'shipped') {
          await enqueueNotification(tx, target, { kind: 'shipped', fulfilmentOrderId: fo.id, carrier: event.carrier, trackingNumber: event.trackingNumber });
        } else {
          await enqueueNotification(tx, target, { kind: 'pickup_expired', fulfilmentOrderId: fo.id, locationId: fo.locationId });
        }
        break;
      }
      case 'fulfilment_order_status_changed':
      case 'line_picked':
      case 'package_packed':
        break;
    }
  }
  return { changedLocations: [...changed] };
}

/**
 * HO7: units handed over late are gone, so the put-back task the cancellation
 * or expiry raised shrinks by them (and closes when nothing is left to put back).
 */
async function cancelRestockFor(tx: Sql, tenantId: string, fulfilmentOrderId: string, handedOver: readonly LineUnits[]): Promise<void> {
  const { rows } = await tx.query<{ id: string; lines: LineUnits[] }>(
    `SELECT id, lines FROM restock_tasks WHERE tenant_id = $1 AND fulfilment_order_id = $2 AND status = 'open' ORDER BY created_at, id FOR UPDATE`,
    [tenantId, fulfilmentOrderId],
  );
  const gone = new Map(handedOver.map((l) => [l.lineId, l.quantity]));
  for (const task of rows) {
    const lines = task.lines.map((l) => {
      const take = Math.min(l.quantity, gone.get(l.lineId) ?? 0);
      gone.set(l.lineId, (gone.get(l.lineId) ?? 0) - take);
      return { ...l, quantity: l.quantity - take };
    });
    const left = lines.filter((l) => l.quantity > 0);
    await tx.query('UPDATE restock_tasks SET lines = $3, status = $4 WHERE tenant_id = $1 AND id = $2', [
      tenantId, task.id, JSON.stringify(left.length > 0 ? left : lines), left.length > 0 ? 'open' : 'cancelled',
    ]);
  }
}
