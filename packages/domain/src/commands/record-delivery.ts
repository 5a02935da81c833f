import { z } from 'zod';
import type { FloorFulfilmentOrder } from '../fulfilment-order/floor-fulfilment-order.ts';
import { FulfilmentOrderId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import type { FulfilmentOrderStatusChangedEvent } from './events.ts';
import { refuser } from './refusal.ts';
import { transition } from './transition.ts';

/** The carrier reports the parcels delivered (tracking webhook or poll). Not a floor command. */
export const RecordDeliveryCommand = z.object({
  type: z.literal('record_delivery'),
  fulfilmentOrderId: FulfilmentOrderId,
  /** When the carrier says it happened, which is usually earlier than when we hear of it. */
  deliveredAt: z.iso.datetime(),
});
export type RecordDeliveryCommand = z.infer<typeof RecordDeliveryCommand>;

export const RECORD_DELIVERY_REFUSALS = {
  /** FO9 */
  not_shipped: 'the fulfilment order is not out with a carrier',
} as const;
export type RecordDeliveryRefusalCode = keyof typeof RECORD_DELIVERY_REFUSALS;

const refuse = refuser(RECORD_DELIVERY_REFUSALS);

export function validateRecordDelivery(
  fo: FloorFulfilmentOrder,
  _cmd: RecordDeliveryCommand,
): Result<void, Refusal<RecordDeliveryRefusalCode>> {
  if (fo.status !== 'shipped') return err(refuse('not_shipped', `it is ${fo.status}`));
  return ok(undefined);
}

/** FO9: the status event carries the carrier's time, the document the time we learnt it. */
export function applyRecordDelivery(
  fo: FloorFulfilmentOrder,
  cmd: RecordDeliveryCommand,
  ctx: CommandContext,
): { state: FloorFulfilmentOrder; events: FulfilmentOrderStatusChangedEvent[] } {
  const moved = transition(fo, 'deliver', cmd.deliveredAt);
  return { state: { ...fo, status: moved.status, version: fo.version + 1, updatedAt: ctx.now }, events: moved.events };
}
