import { randomUUID } from 'node:crypto';
import type { Sql } from '../storage/db.ts';
import { raiseCountTask, recordStockMovement } from './stock-movements.ts';

/** Units of one fulfilment-order line. */
export interface LineTake {
  lineId: string;
  sku: string;
  units: number;
}

/**
 * Closes `units` of each line's live reservations, as `consumed` (the goods
 * left: ship, handoff) or `released` (they stay: short-pick, put-back). A
 * reservation covering more units is split: it keeps the rest live and a closed
 * row records what was taken, so `reserved` always equals the sum of the live
 * ledger. Takes at most what is live, so asking twice never closes twice.
 * Returns the units taken per line.
 */
export async function takeLineReservations(
  tx: Sql,
  tenantId: string,
  fulfilmentOrderId: string,
  lines: readonly LineTake[],
  status: 'consumed' | 'released',
  now: Date,
): Promise<Map<string, number>> {
  const at = now.toISOString();
  const taken = new Map<string, number>();
  // SKU order: the stock rows of one location are then locked in the (location, sku) order every writer uses.
  for (const line of [...lines].filter((l) => l.units > 0).sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))) {
    const { rows } = await tx.query<{ id: string; location_id: string; sku: string; quantity: number; order_id: string | null; kind: string }>(
      `SELECT id, location_id, sku, quantity, order_id, kind FROM reservations
        WHERE tenant_id = $1 AND fulfilment_order_id = $2 AND line_id = $3 AND status = 'live'
        ORDER BY created_at, id FOR UPDATE`,
      [tenantId, fulfilmentOrderId, line.lineId],
    );
    let remaining = line.units;
    for (const r of rows) {
      if (remaining === 0) break;
      const take = Math.min(r.quantity, remaining);
      remaining -= take;
      if (take === r.quantity) {
        await tx.query(`UPDATE reservations SET status = $3, closed_at = $4 WHERE tenant_id = $1 AND id = $2`, [tenantId, r.id, status, at]);
      } else {
        await tx.query(`UPDATE reservations SET quantity = quantity - $3 WHERE tenant_id = $1 AND id = $2`, [tenantId, r.id, take]);
        await tx.query(
          `INSERT INTO reservations (tenant_id, id, location_id, sku, quantity, kind, order_id, line_id, fulfilment_order_id, status, created_at, closed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
          [tenantId, randomUUID(), r.location_id, r.sku, take, r.kind, r.order_id, line.lineId, fulfilmentOrderId, status, at],
        );
      }
      // RS5: goods that left are gone whatever the books say. If a count wrote
      // on-hand below them (units already in a tote), on-hand stops at 0 rather
      // than refusing the shipment, and a count task reports the gap.
      const { rows: level } = await tx.query<{ short: number }>(
        `UPDATE stock_levels s SET reserved = s.reserved - $4, on_hand = GREATEST(s.on_hand - $5, 0), updated_at = $6
           FROM (SELECT on_hand FROM stock_levels WHERE tenant_id = $1 AND location_id = $2 AND sku = $3 FOR UPDATE) old
          WHERE s.tenant_id = $1 AND s.location_id = $2 AND s.sku = $3
          RETURNING GREATEST($5 - old.on_hand, 0)::int AS short`,
        [tenantId, r.location_id, r.sku, take, status === 'consumed' ? take : 0, at],
      );
      if ((level[0]?.short ?? 0) > 0) {
        await raiseCountTask(tx, tenantId, { locationId: r.location_id, sku: r.sku, reason: 'consumed_below_on_hand', fulfilmentOrderId }, at);
      }
    }
    taken.set(line.lineId, line.units - remaining);
  }
  return taken;
}

/**
 * Units of a SKU at a location that are physically off the shelf but still on
 * the books: picked for an order whose reservation is live (in a tote, a
 * package or the pickup bin). Writing stock down never goes below this, or
 * consuming those units at ship or handoff would drive on-hand negative.
 */
async function unitsHeldForOrders(tx: Sql, tenantId: string, locationId: string, sku: string): Promise<number> {
  const { rows } = await tx.query<{ held: number }>(
    `SELECT coalesce(sum(LEAST(r.quantity, l.picked)), 0)::int AS held
       FROM reservations r
       JOIN fulfilment_order_lines l
         ON l.tenant_id = r.tenant_id AND l.fulfilment_order_id = r.fulfilment_order_id AND l.line_id = r.line_id
      WHERE r.tenant_id = $1 AND r.location_id = $2 AND r.sku = $3 AND r.status = 'live' AND r.kind = 'order'`,
    [tenantId, locationId, sku],
  );
  return rows[0]?.held ?? 0;
}

/**
 * Lowers on-hand: to what is held for orders when the shelf is found empty
 * (`to: 'held'`), or by a number of units found damaged. Records the movement
 * so the books show why stock changed. Returns the change (≤ 0).
 */
export async function writeDownStock(
  tx: Sql,
  tenantId: string,
  change: { locationId: string; sku: string; by: number | 'to_held'; reason: string; source: string },
  now: Date,
): Promise<number> {
  const { rows: level } = await tx.query<{ on_hand: number }>(
    'SELECT on_hand FROM stock_levels WHERE tenant_id = $1 AND location_id = $2 AND sku = $3 FOR UPDATE',
    [tenantId, change.locationId, change.sku],
  );
  const onHand = level[0]?.on_hand;
  if (onHand === undefined) return 0;
  const held = await unitsHeldForOrders(tx, tenantId, change.locationId, change.sku);
  const target = Math.min(onHand, change.by === 'to_held' ? held : Math.max(onHand - change.by, held));
  const delta = target - onHand;
  if (delta === 0) return 0;
  const at = now.toISOString();
  await tx.query('UPDATE stock_levels SET on_hand = $4, updated_at = $5 WHERE tenant_id = $1 AND location_id = $2 AND sku = $3', [
    tenantId, change.locationId, change.sku, target, at,
  ]);
  await recordStockMovement(tx, tenantId, { locationId: change.locationId, sku: change.sku, delta, reason: change.reason, source: change.source }, at);
  return delta;
}

/** Goods that left without a live reservation (a late handoff after a cancellation released it). */
export async function removeUnreservedStock(
  tx: Sql,
  tenantId: string,
  change: { locationId: string; sku: string; units: number; reason: string; source: string },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const { rows } = await tx.query<{ before: number; after: number }>(
    `UPDATE stock_levels s SET on_hand = GREATEST(s.on_hand - $4, 0), updated_at = $5
       FROM (SELECT on_hand FROM stock_levels WHERE tenant_id = $1 AND location_id = $2 AND sku = $3 FOR UPDATE) old
      WHERE s.tenant_id = $1 AND s.location_id = $2 AND s.sku = $3
      RETURNING old.on_hand AS before, s.on_hand AS after`,
    [tenantId, change.locationId, change.sku, change.units, at],
  );
  const row = rows[0];
  if (!row || row.after === row.before) return;
  await recordStockMovement(
    tx,
    tenantId,
    { locationId: change.locationId, sku: change.sku, delta: row.after - row.before, reason: change.reason, source: change.source },
    at,
  );
}
