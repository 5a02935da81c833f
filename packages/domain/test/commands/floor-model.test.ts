import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  applyCancelFulfilmentOrder,
  CancelFulfilmentOrderCommand,
  validateCancelFulfilmentOrder,
} from '../../src/commands/cancel-fulfilment-order.ts';
import { executeFloorCommand, validateFloorCommand, type FloorCommand, type FloorCommandEvent } from '../../src/commands/command.ts';
import { SHORT_PICK_REASONS } from '../../src/commands/events.ts';
import { applyRecordDelivery, RecordDeliveryCommand, validateRecordDelivery } from '../../src/commands/record-delivery.ts';
import {
  handedOverQuantity,
  isFullyPacked,
  isFullyShipped,
  packedQuantity,
  type FloorFulfilmentOrder,
} from '../../src/fulfilment-order/floor-fulfilment-order.ts';
import { openQuantity } from '../../src/fulfilment-order/fulfilment-order.ts';
import {
  FULFILMENT_ORDER_EVENTS,
  FULFILMENT_ORDER_STATUSES,
  nextFulfilmentOrderStatus,
  type FulfilmentOrderStatus,
} from '../../src/fulfilment-order/lifecycle.ts';
import { Quantity } from '../../src/quantity.ts';
import { cmd, ctx, deepFreeze, makeFloorOrder, makeFulfilmentOrder, PICKUP_CODE, pickupDigest } from '../fixtures.ts';

// ---- random commands -------------------------------------------------------

const lineId = fc.constantFrom('l1', 'l2', 'l3', 'nope');
const qty = fc.integer({ min: 1, max: 3 });
const packageId = fc.constantFrom('p1', 'p2', 'p3');
const lineQty = fc.record({ lineId, quantity: qty });

const pickCmd = lineQty.map((r) => cmd({ type: 'pick_line', ...r }));
const shortCmd = fc
  .record({
    reason: fc.constantFrom(...SHORT_PICK_REASONS),
    scope: fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('line'), lineId, quantity: qty }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant('line'), lineId }), weight: 2 },
      { arbitrary: fc.constant({ kind: 'all' }), weight: 1 },
    ),
  })
  .map((r) => cmd({ type: 'short_pick', ...r }));
const packCmd = fc
  .array(fc.record({ packageId, lines: fc.array(lineQty, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 2 })
  .map((packages) => cmd({ type: 'pack', packages }));
const stageCmd = fc.constantFrom('A-1', 'COUNTER 2', '', 'bad<bin>').map((bin) => cmd({ type: 'stage_for_pickup', bin }));
const handOffCmd = fc
  .record({
    verification: fc.constantFrom(
      { method: 'pickup_code', digest: pickupDigest(PICKUP_CODE) },
      { method: 'pickup_code', digest: pickupDigest('WRONG-CODE') },
      { method: 'id_checked' },
    ),
    outcome: fc.oneof(
      fc.constant({ kind: 'all' }),
      fc.record({ kind: fc.constant('some'), lines: fc.array(lineQty, { minLength: 1, maxLength: 3 }), reason: fc.constant('changed_mind') }),
      fc.constant({ kind: 'refused', reason: 'wrong_item' }),
    ),
  })
  .map((r) => cmd({ type: 'hand_off', ...r }));
const shipCmd = fc
  .record({
    shipmentId: fc.constantFrom('s1', 's2', 's3'),
    carrier: fc.constantFrom('UPS', ''),
    trackingNumber: fc.constantFrom('1Z999AA10123456784', 'x'),
    packageIds: fc.uniqueArray(packageId, { minLength: 1, maxLength: 3 }),
  })
  .map((r) => cmd({ type: 'ship', ...r }));
const expireCmd = fc.constant(cmd({ type: 'expire_pickup' }));

/**
 * The natural next move for the current state, with `r` choosing between
 * branches: blind random commands alone rarely get past packing, and the model
 * is only worth something if runs reach the end of the lifecycle.
 */
function advance(fo: FloorFulfilmentOrder, r: number): Exclude<Step, { kind: 'advance' }> {
  const floor = (raw: Record<string, unknown>) => ({ kind: 'floor' as const, command: cmd(raw) });
  const code = { method: 'pickup_code', digest: pickupDigest(PICKUP_CODE) };
  const unpacked = fo.lines.map((l) => ({ lineId: l.lineId, quantity: l.picked - packedQuantity(fo, l.lineId) })).filter((l) => l.quantity > 0);
  const packRest = floor({ type: 'pack', packages: [{ packageId: `px${fo.version}`, lines: unpacked.length > 0 ? unpacked : [{ lineId: 'l1', quantity: 1 }] }] });
  const takeOne = { kind: 'some', reason: 'damaged', lines: [{ lineId: (fo.lines.find((l) => l.picked > 0) ?? fo.lines[0]!).lineId, quantity: 1 }] };
  switch (fo.status) {
    case 'assigned':
    case 'picking': {
      const line = fo.lines.find((l) => openQuantity(l) > 0) ?? fo.lines[0]!;
      if (r % 6 === 0) return floor({ type: 'short_pick', reason: SHORT_PICK_REASONS[r % 4], scope: { kind: 'line', lineId: line.lineId } });
      return floor({ type: 'pick_line', lineId: line.lineId, quantity: Math.max(1, openQuantity(line)) });
    }
    case 'picked':
      return fo.deliveryMethod === 'pickup' && r % 2 === 0 ? floor({ type: 'stage_for_pickup', bin: `B-${r}` }) : packRest;
    case 'packed': {
      if (fo.deliveryMethod === 'pickup') return floor({ type: 'stage_for_pickup', bin: `B-${r}` });
      const shipped = new Set((fo.shipments ?? []).flatMap((sh) => sh.packageIds as string[]));
      const ids = (fo.packages ?? []).map((p) => p.packageId as string).filter((id) => !shipped.has(id));
      return floor({ type: 'ship', shipmentId: `sx${fo.version}`, carrier: 'UPS', trackingNumber: '1Z999AA10123456784', packageIds: ids.slice(0, 1 + (r % 2)) });
    }
    case 'ready_for_pickup':
      return [
        floor({ type: 'hand_off', verification: code, outcome: { kind: 'all' } }),
        floor({ type: 'hand_off', verification: code, outcome: takeOne }),
        floor({ type: 'hand_off', verification: code, outcome: { kind: 'refused', reason: 'changed_mind' } }),
        floor({ type: 'expire_pickup' }),
        { kind: 'cancel' } as const,
      ][r % 5]!;
    case 'shipped':
      return { kind: 'deliver' };
    default:
      // Closed states: try a late handoff; terminal ones must refuse it.
      return floor({ type: 'hand_off', verification: code, outcome: r % 2 === 0 ? { kind: 'all' } : takeOne });
  }
}

type Step = { kind: 'floor'; command: FloorCommand } | { kind: 'advance'; r: number } | { kind: 'cancel' } | { kind: 'deliver' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: pickCmd.map((command) => ({ kind: 'floor' as const, command })), weight: 6 },
  { arbitrary: shortCmd.map((command) => ({ kind: 'floor' as const, command })), weight: 2 },
  { arbitrary: packCmd.map((command) => ({ kind: 'floor' as const, command })), weight: 3 },
  { arbitrary: stageCmd.map((command) => ({ kind: 'floor' as const, command })), weight: 2 },
  { arbitrary: handOffCmd.map((command) => ({ kind: 'floor' as const, command })), weight: 2 },
  { arbitrary: shipCmd.map((command) => ({ kind: 'floor' as const, command })), weight: 3 },
  { arbitrary: expireCmd.map((command) => ({ kind: 'floor' as const, command })), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), r: fc.nat({ max: 59 }) }), weight: 16 },
  { arbitrary: fc.constant({ kind: 'cancel' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'deliver' as const }), weight: 1 },
);

const initialOrder = fc
  .record({
    quantities: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    deliveryMethod: fc.constantFrom('pickup' as const, 'ship' as const),
  })
  .map(({ quantities, deliveryMethod }) => {
    const template = makeFulfilmentOrder().lines[0]!;
    const lines = quantities.map((q, i) => ({ ...template, lineId: `l${i + 1}`, sku: `SKU-${i + 1}`, quantity: Quantity.parse(q) }));
    return makeFloorOrder({ deliveryMethod, lines } as Partial<FloorFulfilmentOrder>);
  });

// ---- the model ---------------------------------------------------------------

/** What each accepted command must have done to the quantities, tracked independently of the implementation. */
interface LineModel {
  picked: number;
  short: number;
  cancelled: number;
  packed: number;
}

function updateModel(model: Map<string, LineModel>, fo: FloorFulfilmentOrder, command: FloorCommand): void {
  const open = (id: string) => {
    const line = fo.lines.find((l) => l.lineId === id)!;
    const m = model.get(id)!;
    return line.quantity - m.picked - m.short - m.cancelled;
  };
  const book = (id: string, units: number, reason: string) => {
    const m = model.get(id)!;
    if (reason === 'customer_cancelled') m.cancelled += units;
    else m.short += units;
  };
  switch (command.type) {
    case 'pick_line':
      model.get(command.lineId)!.picked += command.quantity;
      break;
    case 'short_pick':
      if (command.scope.kind === 'line') book(command.scope.lineId, command.scope.quantity ?? open(command.scope.lineId), command.reason);
      else for (const id of model.keys()) book(id, open(id), command.reason);
      break;
    case 'pack':
      for (const pkg of command.packages) for (const l of pkg.lines) model.get(l.lineId)!.packed += l.quantity;
      break;
    default:
      break;
  }
}

const FINISHED_PICKING: readonly FulfilmentOrderStatus[] = [
  'picked',
  'packed',
  'ready_for_pickup',
  'shipped',
  'delivered',
  'picked_up',
  'partially_picked_up',
  'refused_at_pickup',
];

/** Every broken invariant, in words; one `expect` per step keeps hundreds of runs fast. */
function violations(fo: FloorFulfilmentOrder, model: Map<string, LineModel>): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(`${fo.status}: ${what}`);
  };
  check(FULFILMENT_ORDER_STATUSES.includes(fo.status), 'a known status');
  let picked = 0;
  let handed = 0;
  let touched = 0;
  for (const line of fo.lines) {
    const m = model.get(line.lineId)!;
    const short = line.shortPicked ?? 0;
    const cancelled = line.customerCancelled ?? 0;
    const packed = packedQuantity(fo, line.lineId);
    const handedOver = handedOverQuantity(fo, line.lineId);
    check(line.picked === m.picked && short === m.short && cancelled === m.cancelled && packed === m.packed, `${line.lineId} agrees with the model`);
    check(line.picked + short + cancelled <= line.quantity, `${line.lineId} picked + short + cancelled ≤ quantity`);
    check(packed <= line.picked, `${line.lineId} packed ≤ picked`);
    check(handedOver <= line.picked, `${line.lineId} handed over ≤ picked`);
    picked += line.picked;
    handed += handedOver;
    touched += line.picked + short + cancelled;
  }
  const open = fo.lines.reduce((sum, l) => sum + openQuantity(l), 0);
  const status = fo.status;
  if (status === 'assigned') check(touched === 0, 'nothing picked or short');
  if (status === 'picking') check(open > 0, 'units open');
  if (FINISHED_PICKING.includes(status)) check(open === 0 && picked > 0, 'nothing open, something picked');
  if (status === 'picked') check(!isFullyPacked(fo), 'not everything packed');
  if (status === 'packed') check(isFullyPacked(fo) && !isFullyShipped(fo), 'everything packed, not everything shipped');
  if (status === 'shipped' || status === 'delivered') check(isFullyPacked(fo) && isFullyShipped(fo), 'everything packed and shipped');
  if (status === 'ready_for_pickup') check(fo.pickupBin !== undefined && fo.handoff === undefined, 'in a bin, not handed over');
  if (status === 'picked_up') check(handed === picked, 'everything handed over');
  if (status === 'partially_picked_up') check(handed > 0 && handed < picked, 'some handed over');
  if (status === 'refused_at_pickup') check(handed === 0 && fo.handoff?.outcome === 'refused', 'nothing handed over');
  if (status === 'rejected') check(open === 0, 'nothing open');
  if (fo.deliveryMethod === 'pickup') check((fo.shipments ?? []).length === 0, 'a pickup never ships');
  if (fo.deliveryMethod === 'ship') check(fo.stagedAt === undefined && fo.handoff === undefined, 'a shipment is never staged');
  return out;
}

/** Every status change is a cell of the lifecycle table and is reported by exactly one event. */
function transitionViolations(before: FloorFulfilmentOrder, after: FloorFulfilmentOrder, events: readonly FloorCommandEvent[]): string[] {
  const changes = events.filter((e) => e.type === 'fulfilment_order_status_changed');
  if (before.status === after.status) return changes.length === 0 ? [] : ['a status event without a status change'];
  const out: string[] = [];
  if (!FULFILMENT_ORDER_EVENTS.some((e) => nextFulfilmentOrderStatus(before.status, e) === after.status)) {
    out.push(`${before.status} → ${after.status} is not in the table`);
  }
  const [change] = changes;
  if (changes.length !== 1 || change?.from !== before.status || change.to !== after.status) out.push('one event reports the change');
  return out;
}

const cancel = CancelFulfilmentOrderCommand.parse({ type: 'cancel_fulfilment_order', fulfilmentOrderId: 'fo-1', reason: 'model' });
const deliver = RecordDeliveryCommand.parse({ type: 'record_delivery', fulfilmentOrderId: 'fo-1', deliveredAt: ctx.now });

describe('floor commands against a model', () => {
  test('[FO11] property: any sequence of commands keeps quantities, packages, handoffs and status consistent', () => {
    const reached = new Set<string>();
    // size 'max': fast-check's default size keeps arrays far shorter than maxLength, too short to reach the end.
    fc.assert(
      fc.property(initialOrder, fc.array(step, { minLength: 1, maxLength: 40, size: 'max' }), (initial, steps) => {
        let fo = deepFreeze(initial);
        const model = new Map(fo.lines.map((l) => [l.lineId as string, { picked: 0, short: 0, cancelled: 0, packed: 0 }]));
        expect(violations(fo, model)).toEqual([]);
        for (const s of steps) {
          const before = fo;
          let outcome: { state: FloorFulfilmentOrder; events: readonly FloorCommandEvent[] } | null = null;
          const move = s.kind === 'advance' ? advance(before, s.r) : s;
          if (move.kind === 'floor') {
            const command = move.command;
            const result = executeFloorCommand(before, command, ctx);
            // Validation is pure: asking twice gives the same answer.
            if (validateFloorCommand(before, command).ok !== result.ok) throw new Error('validate is not pure');
            if (result.ok) {
              updateModel(model, before, command);
              outcome = result.value;
            }
          } else if (move.kind === 'cancel') {
            if (validateCancelFulfilmentOrder(before, cancel).ok) outcome = applyCancelFulfilmentOrder(before, cancel, ctx);
          } else if (validateRecordDelivery(before, deliver).ok) {
            outcome = applyRecordDelivery(before, deliver, ctx);
          }
          const broken: string[] = [];
          if (outcome) {
            // FO10: one applied command, one version.
            if (outcome.state.version !== before.version + 1 || outcome.state.updatedAt !== ctx.now) broken.push('version + 1 at now');
            broken.push(...transitionViolations(before, outcome.state, outcome.events));
            fo = deepFreeze(outcome.state);
          }
          // FO10: a refused command changes nothing (the input is frozen, so any mutation would have thrown).
          broken.push(...violations(fo, model));
          expect(broken, JSON.stringify(move)).toEqual([]);
          reached.add(fo.status);
        }
      }),
      { numRuns: 250 },
    );
    // The generator is only useful if it drives orders through the whole lifecycle.
    expect([...reached].sort()).toEqual([...FULFILMENT_ORDER_STATUSES].sort());
  });

  test('[FO10] an applied command bumps the version by one and leaves its input alone; a refused one returns the refusal only', () => {
    const fo = deepFreeze(makeFloorOrder());
    const applied = executeFloorCommand(fo, cmd({ type: 'pick_line', lineId: 'l1', quantity: 1 }), ctx);
    expect(applied.ok && applied.value.state.version).toBe(fo.version + 1);
    expect(fo.lines[0]?.picked).toBe(0);
    const refused = executeFloorCommand(fo, cmd({ type: 'pack', packages: [{ packageId: 'p1', lines: [{ lineId: 'l1', quantity: 1 }] }] }), ctx);
    expect(refused).toEqual({ ok: false, error: { code: 'not_packable', message: 'the fulfilment order is not picked and waiting to be packed: it is assigned' } });
  });
});
