import { z } from 'zod';
import type { FloorFulfilmentOrder } from '../fulfilment-order/floor-fulfilment-order.ts';
import { isFullyPicked, openQuantity } from '../fulfilment-order/fulfilment-order.ts';
import type { FulfilmentOrderStatus } from '../fulfilment-order/lifecycle.ts';
import { FulfilmentOrderId, LineId } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import type { FulfilmentOrderStatusChangedEvent, LinePickedEvent } from './events.ts';
import { refuser } from './refusal.ts';
import { transition } from './transition.ts';

/**
 * An associate confirmed `quantity` units of one line by scanning (or typing)
 * its barcode. A quantity above 1 is the associate entering a multiple after
 * one scan ("× 6"), not six scans.
 */
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

const refuse = refuser(PICK_LINE_REFUSALS);

const PICKABLE: readonly FulfilmentOrderStatus[] = ['assigned', 'picking'];

export function validatePickLine(fo: FloorFulfilmentOrder, cmd: PickLineCommand): Result<void, PickLineRefusal> {
  if (!PICKABLE.includes(fo.status)) return err(refuse('not_pickable', `it is ${fo.status}`));
  const line = fo.lines.find((l) => l.lineId === cmd.lineId);
  if (!line) return err(refuse('line_not_found', cmd.lineId));
  const open = openQuantity(line);
  if (open <= 0) return err(refuse('line_already_picked', `${line.sku} ${line.picked}/${line.quantity}`));
  if (cmd.quantity > open) return err(refuse('quantity_exceeds_open', `${cmd.quantity} scanned, ${open} open`));
  return ok(undefined);
}

export type PickLineEvent = LinePickedEvent | FulfilmentOrderStatusChangedEvent;

/**
 * PK5–PK7: adds the units to the line, moves `assigned` to `picking` on the
 * first pick and to `picked` when no line has units open, and bumps `version`.
 * Call only after `validatePickLine` accepted the command.
 */
export function applyPickLine(
  fo: FloorFulfilmentOrder,
  cmd: PickLineCommand,
  ctx: CommandContext,
): { state: FloorFulfilmentOrder; events: PickLineEvent[] } {
  const lines = fo.lines.map((l) => (l.lineId === cmd.lineId ? { ...l, picked: l.picked + cmd.quantity } : l));
  const events: PickLineEvent[] = [
    { type: 'line_picked', fulfilmentOrderId: fo.id, lineId: cmd.lineId, quantity: cmd.quantity, at: ctx.now },
  ];
  const event = isFullyPicked({ lines }) ? 'finish_picking' : fo.status === 'assigned' ? 'start_picking' : null;
  const moved = event ? transition(fo, event, ctx.now) : { status: fo.status, events: [] };
  events.push(...moved.events);
  return { state: { ...fo, lines, status: moved.status, version: fo.version + 1, updatedAt: ctx.now }, events };
}
