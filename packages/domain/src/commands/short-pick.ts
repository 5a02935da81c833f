import { z } from 'zod';
import type { FloorFulfilmentOrder } from '../fulfilment-order/floor-fulfilment-order.ts';
import { isFullyPicked, openQuantity, type FulfilmentOrderLine } from '../fulfilment-order/fulfilment-order.ts';
import type { FulfilmentOrderStatus } from '../fulfilment-order/lifecycle.ts';
import { FulfilmentOrderId, LineId } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import {
  SHORT_PICK_REASONS,
  type CountTaskRequestedEvent,
  type DamagedStockReportedEvent,
  type FulfilmentOrderStatusChangedEvent,
  type LineShortPickedEvent,
  type LineUnits,
  type RerouteRequestedEvent,
  type RestockRequestedEvent,
  type ShortPickReason,
  type StockZeroRequestedEvent,
} from './events.ts';
import { refuser } from './refusal.ts';
import { allows, transition } from './transition.ts';

/**
 * The location cannot (or must not) supply some units: one line, or the whole
 * fulfilment order (a rejection). `quantity` absent on a line means every unit
 * still open on it.
 */
export const ShortPickCommand = z.object({
  type: z.literal('short_pick'),
  fulfilmentOrderId: FulfilmentOrderId,
  reason: z.enum(SHORT_PICK_REASONS),
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('line'), lineId: LineId, quantity: Quantity.optional() }),
    z.object({ kind: z.literal('all') }),
  ]),
});
export type ShortPickCommand = z.infer<typeof ShortPickCommand>;

export const SHORT_PICK_REFUSALS = {
  /** SP1 */
  not_short_pickable: 'the fulfilment order is not being picked',
  /** SP2 */
  line_not_found: 'the fulfilment order has no such line',
  /** SP3 */
  nothing_open: 'this line has no units left to pick',
  /** SP3 */
  quantity_exceeds_open: 'more units than the line still needs',
} as const;
export type ShortPickRefusalCode = keyof typeof SHORT_PICK_REFUSALS;

const refuse = refuser(SHORT_PICK_REFUSALS);

/** A line can be short-picked only while picking is under way. */
const LINE_SHORTABLE: readonly FulfilmentOrderStatus[] = ['assigned', 'picking'];
/** The whole fulfilment order can be given up until it is packed or staged. */
const ORDER_SHORTABLE: readonly FulfilmentOrderStatus[] = ['assigned', 'picking', 'picked'];

export function validateShortPick(fo: FloorFulfilmentOrder, cmd: ShortPickCommand): Result<void, Refusal<ShortPickRefusalCode>> {
  if (cmd.scope.kind === 'all') {
    if (!ORDER_SHORTABLE.includes(fo.status)) return err(refuse('not_short_pickable', `it is ${fo.status}`));
    return ok(undefined);
  }
  if (!LINE_SHORTABLE.includes(fo.status)) return err(refuse('not_short_pickable', `it is ${fo.status}`));
  const { lineId, quantity } = cmd.scope;
  const line = fo.lines.find((l) => l.lineId === lineId);
  if (!line) return err(refuse('line_not_found', lineId));
  const open = openQuantity(line);
  if (open <= 0) return err(refuse('nothing_open', line.sku));
  if (quantity !== undefined && quantity > open) return err(refuse('quantity_exceeds_open', `${quantity} short, ${open} open`));
  return ok(undefined);
}

export type ShortPickEvent =
  | LineShortPickedEvent
  | RerouteRequestedEvent
  | StockZeroRequestedEvent
  | CountTaskRequestedEvent
  | DamagedStockReportedEvent
  | RestockRequestedEvent
  | FulfilmentOrderStatusChangedEvent;

/**
 * SP4–SP8. Short units are booked on the line (`shortPicked`, or
 * `customerCancelled` for the customer's own cancellation) and every
 * consequence outside the fulfilment order is an event: the reroute, the stock
 * correction, the count task, the put-back. Call only after `validateShortPick`.
 */
export function applyShortPick(
  fo: FloorFulfilmentOrder,
  cmd: ShortPickCommand,
  ctx: CommandContext,
): { state: FloorFulfilmentOrder; events: ShortPickEvent[] } {
  const scope = cmd.scope;
  // Units this command takes off each line: the open units of one line, or of every line.
  const shorted = new Map<string, number>();
  for (const line of fo.lines) {
    if (scope.kind === 'all' || line.lineId === scope.lineId) {
      const units = scope.kind === 'line' ? (scope.quantity ?? openQuantity(line)) : openQuantity(line);
      if (units > 0) shorted.set(line.lineId, units);
    }
  }
  const cancelledByCustomer = cmd.reason === 'customer_cancelled';
  const lines: FulfilmentOrderLine[] = fo.lines.map((line) => {
    const units = shorted.get(line.lineId) ?? 0;
    if (units === 0) return line;
    return cancelledByCustomer
      ? { ...line, customerCancelled: (line.customerCancelled ?? 0) + units }
      : { ...line, shortPicked: (line.shortPicked ?? 0) + units };
  });

  const events: ShortPickEvent[] = [];
  const ref = { fulfilmentOrderId: fo.id, at: ctx.now };
  for (const line of fo.lines) {
    const units = shorted.get(line.lineId);
    if (units === undefined) continue;
    events.push({ ...ref, type: 'line_short_picked', lineId: line.lineId, sku: line.sku, quantity: units, reason: cmd.reason });
    events.push(...stockEvents(fo, line, units, cmd.reason, ctx.now));
  }

  // SP8: giving up the whole order also gives up what was already picked: it
  // goes back on the shelf, and (unless the customer cancelled) to another location.
  const putBack: LineUnits[] =
    scope.kind === 'all' ? fo.lines.filter((l) => l.picked > 0).map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.picked })) : [];

  if (cmd.reason !== 'customer_cancelled') {
    const reroute = new Map<string, LineUnits>();
    for (const line of fo.lines) {
      const units = (shorted.get(line.lineId) ?? 0) + (putBack.find((p) => p.lineId === line.lineId)?.quantity ?? 0);
      if (units > 0) reroute.set(line.lineId, { lineId: line.lineId, sku: line.sku, quantity: units });
    }
    if (reroute.size > 0) {
      events.push({
        ...ref,
        type: 'reroute_requested',
        orderId: fo.orderId,
        excludeLocationId: fo.locationId,
        reason: cmd.reason,
        lines: [...reroute.values()],
      });
    }
  }
  if (putBack.length > 0) {
    events.push({
      ...ref,
      type: 'restock_requested',
      locationId: fo.locationId,
      reason: cancelledByCustomer ? 'cancelled' : 'rejected',
      bin: null,
      lines: putBack,
    });
  }

  const event = lifecycleEvent(fo.status, lines, scope.kind, cancelledByCustomer);
  const moved = event ? transition(fo, event, ctx.now) : { status: fo.status, events: [] };
  events.push(...moved.events);
  return { state: { ...fo, lines, status: moved.status, version: fo.version + 1, updatedAt: ctx.now }, events };
}

/** SP7, SP8: where the fulfilment order goes once the units are off its lines. */
function lifecycleEvent(
  status: FulfilmentOrderStatus,
  lines: readonly FulfilmentOrderLine[],
  scope: 'line' | 'all',
  cancelledByCustomer: boolean,
): 'reject' | 'cancel' | 'finish_picking' | 'start_picking' | null {
  if (scope === 'all') return cancelledByCustomer ? 'cancel' : 'reject';
  // Work has begun on the order even when the first thing done was to short a line.
  if (!isFullyPicked({ lines })) return allows(status, 'start_picking') ? 'start_picking' : null;
  if (lines.some((l) => l.picked > 0)) return 'finish_picking';
  // Nothing picked and nothing open: only the order can still supply these units.
  return lines.some((l) => (l.shortPicked ?? 0) > 0) ? 'reject' : 'cancel';
}

/** SP6: what the shelf just told the books. */
function stockEvents(
  fo: FloorFulfilmentOrder,
  line: FulfilmentOrderLine,
  units: number,
  reason: ShortPickReason,
  at: string,
): ShortPickEvent[] {
  const base = { fulfilmentOrderId: fo.id, at, locationId: fo.locationId, sku: line.sku };
  switch (reason) {
    case 'not_in_stock':
      return [
        { ...base, type: 'stock_zero_requested' },
        { ...base, type: 'count_task_requested', reason },
      ];
    case 'not_found':
      // Not found is not proof of absence (it may be misplaced): count, but do not zero.
      return [{ ...base, type: 'count_task_requested', reason }];
    case 'damaged':
      return [{ ...base, type: 'damaged_stock_reported', quantity: units }];
    case 'customer_cancelled':
      return [];
  }
}
