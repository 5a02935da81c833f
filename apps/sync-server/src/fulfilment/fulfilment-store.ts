import { randomUUID } from 'node:crypto';
import type { FloorFulfilmentOrder } from '@aisle/domain';
import type { Sql } from '../storage/db.ts';

/** The event log: every fact a command produced, in order, tagged with the command. */
export async function insertEvents(
  tx: Sql,
  tenantId: string,
  fulfilmentOrderId: string,
  events: readonly { type: string }[],
  commandId: string | null,
  at: string,
): Promise<void> {
  for (const event of events) {
    await tx.query(
      `INSERT INTO fulfilment_events (tenant_id, fulfilment_order_id, type, payload, command_id, at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenantId, fulfilmentOrderId, event.type, JSON.stringify(event), commandId, at],
    );
  }
}

/** Writes what a command changed: the header with the floor's records, and only the lines whose counts moved. */
export async function saveFulfilmentOrder(tx: Sql, tenantId: string, before: FloorFulfilmentOrder, after: FloorFulfilmentOrder): Promise<void> {
  await tx.query(
    `UPDATE fulfilment_orders SET status = $3, version = $4, updated_at = $5, packages = $6, shipments = $7, pickup_bin = $8,
            staged_at = $9, pickup_code = $10, handoff = $11
      WHERE tenant_id = $1 AND id = $2`,
    [tenantId, after.id, after.status, after.version, after.updatedAt, JSON.stringify(after.packages ?? []),
      JSON.stringify(after.shipments ?? []), after.pickupBin ?? null, after.stagedAt ?? null,
      after.pickupCode ? JSON.stringify(after.pickupCode) : null, after.handoff ? JSON.stringify(after.handoff) : null],
  );
  const counts = (l: FloorFulfilmentOrder['lines'][number]) => [l.picked, l.shortPicked ?? 0, l.customerCancelled ?? 0];
  for (const line of after.lines) {
    const old = before.lines.find((l) => l.lineId === line.lineId);
    if (old && counts(old).join() === counts(line).join()) continue;
    await tx.query(
      `UPDATE fulfilment_order_lines SET picked = $4, short_picked = $5, customer_cancelled = $6
        WHERE tenant_id = $1 AND fulfilment_order_id = $2 AND line_id = $3`,
      [tenantId, after.id, line.lineId, ...counts(line)],
    );
  }
}

/** A put-back task: picked units that must return to the shelf (from `bin` when they were staged). */
export async function raiseRestockTask(
  tx: Sql,
  tenantId: string,
  task: { locationId: string; fulfilmentOrderId: string; reason: string; bin: string | null; lines: readonly { lineId: string; sku: string; quantity: number }[] },
  at: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO restock_tasks (tenant_id, id, location_id, fulfilment_order_id, reason, bin, lines, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [tenantId, randomUUID(), task.locationId, task.fulfilmentOrderId, task.reason, task.bin, JSON.stringify(task.lines), at],
  );
}
