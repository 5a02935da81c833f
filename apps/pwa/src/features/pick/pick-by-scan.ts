import {
  FloorCommand,
  openQuantity,
  sameGtin,
  validateFloorCommand,
  type FulfilmentOrder,
  type FulfilmentOrderLine,
} from '@aisle/domain';
import type { AisleDatabase } from '../../db/database.ts';
import { enqueueCommand } from '../sync/outbox.ts';
import { readRebasedOrder } from '../sync/orders-view.ts';

export type ScanRefusal = 'not_found' | 'not_on_order' | 'line_complete' | 'not_pickable';

export type PickPlan =
  | { ok: true; command: FloorCommand; line: FulfilmentOrderLine }
  | { ok: false; refusal: ScanRefusal; message: string };

export type ScanOutcome =
  | { kind: 'ok'; message: string; entryId: string }
  | { kind: 'error'; refusal: ScanRefusal; message: string };

/**
 * Which line a scan means: a GTIN in any of its 8/12/13/14-digit forms, or
 * the SKU typed exactly. Among matching lines the first one with units still
 * open wins (an order may list one product twice). Pure.
 */
export function planPickByScan(order: FulfilmentOrder, scanned: string): PickPlan {
  const code = scanned.trim();
  const matches = order.lines.filter((line) => (line.gtin !== null && sameGtin(line.gtin, code)) || line.sku === code);
  if (matches.length === 0) {
    return { ok: false, refusal: 'not_on_order', message: `${code} is not on order ${order.orderNumber}.` };
  }
  if (order.status !== 'assigned' && order.status !== 'picking') {
    return { ok: false, refusal: 'not_pickable', message: `Order ${order.orderNumber} is ${order.status}: nothing left to pick.` };
  }
  const line = matches.find((l) => openQuantity(l) > 0);
  if (!line) {
    const [first] = matches;
    const detail = first ? `${first.name} is already picked (${first.picked}/${first.quantity}).` : 'Already picked.';
    return { ok: false, refusal: 'line_complete', message: detail };
  }
  const command = FloorCommand.parse({
    type: 'pick_line',
    fulfilmentOrderId: order.id,
    lineId: line.lineId,
    quantity: 1,
    barcode: code.slice(0, 200),
  });
  const valid = validateFloorCommand(order, command);
  if (!valid.ok) {
    return { ok: false, refusal: 'not_pickable', message: valid.error.message };
  }
  return { ok: true, command, line };
}

/**
 * Turns one scan into one `pick_line` command in the outbox. Reads the
 * current view straight from the database rather than from what the screen
 * last rendered, so two quick scans of a one-unit line cannot both pass.
 * Callers must run scans one at a time (see lib/serial-queue.ts).
 * Resolves `ok` only after the command is stored in IndexedDB.
 */
export async function pickByScan(db: AisleDatabase, fulfilmentOrderId: string, scanned: string, now: Date): Promise<ScanOutcome> {
  const current = await readRebasedOrder(db, fulfilmentOrderId);
  if (!current) return { kind: 'error', refusal: 'not_found', message: 'This order is no longer on this device.' };
  const plan = planPickByScan(current.view, scanned);
  if (!plan.ok) return { kind: 'error', refusal: plan.refusal, message: plan.message };
  const entry = await enqueueCommand(db, plan.command, current.replica.version, now);
  const picked = plan.line.picked + 1;
  return { kind: 'ok', message: `Picked 1 × ${plan.line.name} (${picked}/${plan.line.quantity})`, entryId: entry.id };
}
