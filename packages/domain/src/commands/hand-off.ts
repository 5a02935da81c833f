import { z } from 'zod';
import { NotTakenReason, PackageLine, type FloorFulfilmentOrder, type Handoff } from '../fulfilment-order/floor-fulfilment-order.ts';
import { LATE_HANDOFF_FULFILMENT_ORDER_STATUSES, type FulfilmentOrderStatus } from '../fulfilment-order/lifecycle.ts';
import { PickupCodeDigestHex, sameDigest } from '../fulfilment-order/pickup-code.ts';
import { FulfilmentOrderId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import type {
  FulfilmentOrderStatusChangedEvent,
  HandoffRecordedEvent,
  LateHandoffRecordedEvent,
  LineUnits,
  RestockRequestedEvent,
} from './events.ts';
import { refuser } from './refusal.ts';
import { allows, transition } from './transition.ts';

/**
 * The customer at the counter. They prove who they are with the pickup code
 * (the app sends the digest it computed, see pickup-code.ts) or, when the code
 * is lost, an associate checks photo ID (the server lets only managers record
 * that). Then they take everything, some of it, or nothing.
 */
export const HandOffCommand = z.object({
  type: z.literal('hand_off'),
  fulfilmentOrderId: FulfilmentOrderId,
  verification: z.discriminatedUnion('method', [
    z.object({ method: z.literal('pickup_code'), digest: PickupCodeDigestHex }),
    z.object({ method: z.literal('id_checked') }),
  ]),
  outcome: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('all') }),
    /** `lines` lists what the customer took; every other staged unit stays behind. */
    z.object({ kind: z.literal('some'), lines: z.array(PackageLine).min(1).max(500), reason: NotTakenReason }),
    z.object({ kind: z.literal('refused'), reason: NotTakenReason }),
  ]),
});
export type HandOffCommand = z.infer<typeof HandOffCommand>;

export const HAND_OFF_REFUSALS = {
  /** HO1 */
  not_ready_for_pickup: 'the goods are not staged for pickup',
  /** HO2 */
  no_pickup_code: 'this order has no pickup code on record: check photo ID instead',
  /** HO2 */
  pickup_code_mismatch: 'the pickup code does not match this order',
  /** HO3 */
  line_not_found: 'the fulfilment order has no such line',
  /** HO3 */
  duplicate_line: 'a line appears twice in the handoff',
  /** HO3 */
  quantity_exceeds_staged: 'more units handed over than were staged',
  /** HO4 */
  not_partial: 'every staged unit was handed over: record a full handoff',
} as const;
export type HandOffRefusalCode = keyof typeof HAND_OFF_REFUSALS;

const refuse = refuser(HAND_OFF_REFUSALS);

type HandoffEvent = 'hand_off' | 'hand_off_partial' | 'refuse_at_pickup';

function lifecycleEvent(outcome: HandOffCommand['outcome']): HandoffEvent {
  return outcome.kind === 'all' ? 'hand_off' : outcome.kind === 'some' ? 'hand_off_partial' : 'refuse_at_pickup';
}

function isLateHandoffStatus(status: FulfilmentOrderStatus): boolean {
  return (LATE_HANDOFF_FULFILMENT_ORDER_STATUSES as readonly FulfilmentOrderStatus[]).includes(status);
}

export function validateHandOff(fo: FloorFulfilmentOrder, cmd: HandOffCommand): Result<void, Refusal<HandOffRefusalCode>> {
  // HO1, HO7: a late handoff needs goods that really were staged; a fulfilment
  // order cancelled before staging has nothing at the counter to hand over.
  const late = isLateHandoffStatus(fo.status);
  if (!allows(fo.status, lifecycleEvent(cmd.outcome)) || (late && fo.stagedAt === undefined)) {
    return err(refuse('not_ready_for_pickup', `it is ${fo.status}`));
  }
  if (cmd.verification.method === 'pickup_code') {
    if (!fo.pickupCode) return err(refuse('no_pickup_code'));
    if (!sameDigest(fo.pickupCode.sha256, cmd.verification.digest)) return err(refuse('pickup_code_mismatch'));
  }
  if (cmd.outcome.kind !== 'some') return ok(undefined);
  const seen = new Set<string>();
  let taken = 0;
  for (const { lineId, quantity } of cmd.outcome.lines) {
    const line = fo.lines.find((l) => l.lineId === lineId);
    if (!line) return err(refuse('line_not_found', lineId));
    if (seen.has(lineId)) return err(refuse('duplicate_line', lineId));
    seen.add(lineId);
    if (quantity > line.picked) return err(refuse('quantity_exceeds_staged', `${line.sku}: ${quantity} handed over, ${line.picked} staged`));
    taken += quantity;
  }
  const staged = fo.lines.reduce((sum, l) => sum + l.picked, 0);
  if (taken >= staged) return err(refuse('not_partial'));
  return ok(undefined);
}

export type HandOffEvent = HandoffRecordedEvent | RestockRequestedEvent | LateHandoffRecordedEvent | FulfilmentOrderStatusChangedEvent;

/** HO5–HO7. Call only after `validateHandOff`. */
export function applyHandOff(
  fo: FloorFulfilmentOrder,
  cmd: HandOffCommand,
  ctx: CommandContext,
): { state: FloorFulfilmentOrder; events: HandOffEvent[] } {
  const { outcome } = cmd;
  const takenOf = (lineId: string, staged: number): number => {
    if (outcome.kind === 'all') return staged;
    if (outcome.kind === 'refused') return 0;
    return outcome.lines.find((l) => l.lineId === lineId)?.quantity ?? 0;
  };
  const staged = fo.lines.filter((l) => l.picked > 0);
  const handedOver: LineUnits[] = [];
  const notTaken: LineUnits[] = [];
  for (const line of staged) {
    const taken = takenOf(line.lineId, line.picked);
    if (taken > 0) handedOver.push({ lineId: line.lineId, sku: line.sku, quantity: taken });
    if (line.picked - taken > 0) notTaken.push({ lineId: line.lineId, sku: line.sku, quantity: line.picked - taken });
  }
  const reason = outcome.kind === 'all' ? null : outcome.reason;
  const late = isLateHandoffStatus(fo.status);
  const handoff: Handoff = {
    at: ctx.now,
    outcome: outcome.kind,
    verifiedBy: cmd.verification.method,
    late,
    ...(reason ? { reason } : {}),
    lines: staged.map((l) => ({ lineId: l.lineId, handedOver: takenOf(l.lineId, l.picked) })),
  };

  const ref = { fulfilmentOrderId: fo.id, at: ctx.now };
  const events: HandOffEvent[] = [
    { ...ref, type: 'handoff_recorded', orderId: fo.orderId, outcome: outcome.kind, verifiedBy: cmd.verification.method, handedOver, notTaken, reason },
  ];
  // The cancellation or expiry already asked for every staged unit to be
  // restocked; a late handoff says which of those units are gone instead.
  if (late) events.push({ ...ref, type: 'late_handoff_recorded', orderId: fo.orderId, previousStatus: fo.status, handedOver });
  else if (notTaken.length > 0) {
    events.push({
      ...ref,
      type: 'restock_requested',
      locationId: fo.locationId,
      reason: outcome.kind === 'refused' ? 'refused_at_pickup' : 'not_taken_at_pickup',
      bin: fo.pickupBin ?? null,
      lines: notTaken,
    });
  }
  const moved = transition(fo, lifecycleEvent(outcome), ctx.now);
  events.push(...moved.events);
  return { state: { ...fo, handoff, status: moved.status, version: fo.version + 1, updatedAt: ctx.now }, events };
}
