import { z } from 'zod';
import type { FloorFulfilmentOrder } from '../fulfilment-order/floor-fulfilment-order.ts';
import { FulfilmentOrderId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import type { CustomerNotificationRequestedEvent, FulfilmentOrderStatusChangedEvent, StagedForPickupEvent } from './events.ts';
import { refuser } from './refusal.ts';
import { allows, transition } from './transition.ts';

export const MAX_BIN_LENGTH = 40;
/** Bin labels as stores print them: `A-12`, `COUNTER 3`, `B/04.2`. */
const BIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/;

/** Picked (or packed) goods are put in a bin at the pickup counter; the customer is told to come. */
export const StageForPickupCommand = z.object({
  type: z.literal('stage_for_pickup'),
  fulfilmentOrderId: FulfilmentOrderId,
  /** Checked by `validate` rather than the schema, so a blank bin is a refusal the UI can word, not a broken request. */
  bin: z.string().max(200),
});
export type StageForPickupCommand = z.infer<typeof StageForPickupCommand>;

export const STAGE_FOR_PICKUP_REFUSALS = {
  /** ST1 */
  not_a_pickup_order: 'this fulfilment order is shipped, not collected',
  /** ST2 */
  not_stageable: 'the fulfilment order is not picked or packed',
  /** ST3 */
  bin_required: 'say which bin the goods are in',
  /** ST3 */
  invalid_bin: `a bin is up to ${MAX_BIN_LENGTH} letters, digits, spaces or . _ / -`,
} as const;
export type StageForPickupRefusalCode = keyof typeof STAGE_FOR_PICKUP_REFUSALS;

const refuse = refuser(STAGE_FOR_PICKUP_REFUSALS);

export function validateStageForPickup(
  fo: FloorFulfilmentOrder,
  cmd: StageForPickupCommand,
): Result<void, Refusal<StageForPickupRefusalCode>> {
  if (fo.deliveryMethod !== 'pickup') return err(refuse('not_a_pickup_order'));
  if (!allows(fo.status, 'stage_for_pickup')) return err(refuse('not_stageable', `it is ${fo.status}`));
  const bin = cmd.bin.trim();
  if (bin === '') return err(refuse('bin_required'));
  if (bin.length > MAX_BIN_LENGTH || !BIN_PATTERN.test(bin)) return err(refuse('invalid_bin', JSON.stringify(bin)));
  return ok(undefined);
}

export type StageForPickupEvent = StagedForPickupEvent | CustomerNotificationRequestedEvent | FulfilmentOrderStatusChangedEvent;

/** ST4, ST5. Call only after `validateStageForPickup`. */
export function applyStageForPickup(
  fo: FloorFulfilmentOrder,
  cmd: StageForPickupCommand,
  ctx: CommandContext,
): { state: FloorFulfilmentOrder; events: StageForPickupEvent[] } {
  const bin = cmd.bin.trim();
  const moved = transition(fo, 'stage_for_pickup', ctx.now);
  const events: StageForPickupEvent[] = [
    { type: 'staged_for_pickup', fulfilmentOrderId: fo.id, bin, at: ctx.now },
    ...moved.events,
    { type: 'customer_notification_requested', kind: 'ready_for_pickup', fulfilmentOrderId: fo.id, orderId: fo.orderId, at: ctx.now },
  ];
  return {
    state: { ...fo, status: moved.status, pickupBin: bin, stagedAt: ctx.now, version: fo.version + 1, updatedAt: ctx.now },
    events,
  };
}
