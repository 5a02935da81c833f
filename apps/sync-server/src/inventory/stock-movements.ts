import { randomUUID } from 'node:crypto';
import type { Sql } from '../storage/db.ts';

export interface StockMovement {
  locationId: string;
  sku: string;
  /** Signed change of on-hand. */
  delta: number;
  /** Why: `cycle_count`, `damaged`, `return_restock`, `late_handoff` … */
  reason: string;
  /** What caused it: `command:<id>`, a channel, … */
  source: string;
}

/**
 * Logs one on-hand change that did not come from a reservation, so the books
 * say why stock moved. (Feed deltas carry their own id for idempotency and
 * snapshots are written in bulk; stock-feed.ts writes those itself.)
 */
export async function recordStockMovement(tx: Sql, tenantId: string, movement: StockMovement, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO stock_movements (tenant_id, id, location_id, sku, delta, reason, source, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [tenantId, randomUUID(), movement.locationId, movement.sku, movement.delta, movement.reason, movement.source, at],
  );
}

/** Asks the floor to count a SKU: the books and the shelf disagree (or may). */
export async function raiseCountTask(
  tx: Sql,
  tenantId: string,
  task: { locationId: string; sku: string; reason: string; fulfilmentOrderId: string | null },
  at: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO count_tasks (tenant_id, id, location_id, sku, reason, fulfilment_order_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [tenantId, randomUUID(), task.locationId, task.sku, task.reason, task.fulfilmentOrderId, at],
  );
}
