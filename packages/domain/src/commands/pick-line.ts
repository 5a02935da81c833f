import { z } from 'zod';
import {
  isFullyPicked,
  openQuantity,
  type FulfilmentOrder,
} from '../fulfilment-order/fulfilment-order.ts';
import { nextFulfilmentOrderStatus, type FulfilmentOrderStatus } from '../fulfilment-order/lifecycle.ts';
import { FulfilmentOrderId, LineId } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';

/** An associate confirmed `quantity` units of one line by scanning (or typing) its barcode. */
export const PickLineCommand = z.object({
  type: z.literal('pick_line'),
  fulfilmentOrderId: FulfilmentOrderId,
  lineId: LineId,
  quantity: Quantity,
  /** What was scanned, kept for the audit trail; absent when the SKU was chosen by hand. */
  barcode: z.string().max(200).optional(),
});
export type PickLineCommand = z.infer<typeof PickLineCommand>;

export const PICK_LINE_REFUSALS = {
  /** PK1 */
  not_pickable: 'the fulfilment order is not open for picking',
  /** PK2 */
  line_not_found: 'the fulfilment order has no such line',
  /** PK3 */
  line_already_picked: 'every unit of this line is already picked',
  /** PK4 */
  quantity_exceeds_open: 'more units than the line still needs',
} as const;
export type PickLineRefusalCode = keyof typeof PICK_LINE_REFUSALS;
export type PickLineRefusal = Refusal<PickLineRefusalCode>;

const refuse = (code: PickLineRefusalCode, detail?: string): PickLineRefusal => ({
  code,
  message: detail ? `${PICK_LINE_REFUSALS[code]}: ${detail}` : PICK_LINE_REFUSALS[code],
});

const PICKABLE: readonly FulfilmentOrderStatus[] = ['assigned', 'picking'];

export function validatePickLine(fo: FulfilmentOrder, cmd: PickLineCommand): Result<void, PickLineRefusal> {
  if (!PICKABLE.includes(fo.status)) return err(refuse('not_pickable', `it is ${fo.status}`));
  const line = fo.lines.find((l) => l.lineId === cmd.lineId);
  if (!line) return err(refuse('line_not_found', cmd.lineId));
  const open = openQuantity(line);
  if (open === 0) return err(refuse('line_already_picked', `${line.sku} ${line.picked}/${line.quantity}`));
  if (cmd.quantity > open) return err(refuse('quantity_exceeds_open', `${cmd.quantity} scanned, ${open} open`));
  return ok(undefined);
}

export type PickLineEvent =
  | { type: 'line_picked'; fulfilmentOrderId: FulfilmentOrder['id']; lineId: PickLineCommand['lineId']; quantity: number; at: string }
  | { type: 'fulfilment_order_status_changed'; fulfilmentOrderId: FulfilmentOrder['id']; from: FulfilmentOrderStatus; to: FulfilmentOrderStatus; at: string };

/**
 * PK5–PK7: adds the units to the line, moves `assigned` to `picking` on the
 * first pick and to `picked` when every line is complete, and bumps `version`.
 * Call only after `validatePickLine` accepted the command.
 */
export function applyPickLine(
  fo: FulfilmentOrder,
  cmd: PickLineCommand,
  ctx: CommandContext,
): { state: FulfilmentOrder; events: PickLineEvent[] } {
  const lines = fo.lines.map((l) => (l.lineId === cmd.lineId ? { ...l, picked: l.picked + cmd.quantity } : l));
  const events: PickLineEvent[] = [
    { type: 'line_picked', fulfilmentOrderId: fo.id, lineId: cmd.lineId, quantity: cmd.quantity, at: ctx.now },
  ];
  const target = isFullyPicked({ lines }) ? 'finish_picking' : fo.status === 'assigned' ? 'start_picking' : null;
  const next = target ? nextFulfilmentOrderStatus(fo.status, target) : null;
  let status = fo.status;
  if (next && next !== fo.status) {
    events.push({ type: 'fulfilment_order_status_changed', fulfilmentOrderId: fo.id, from: fo.status, to: next, at: ctx.now });
    status = next;
  }
  return { state: { ...fo, lines, status, version: fo.version + 1, updatedAt: ctx.now }, events };
}

