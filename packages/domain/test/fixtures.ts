import { createHash } from 'node:crypto';
import { executeFloorCommand, FloorCommand, type FloorCommandEvent } from '../src/commands/command.ts';
import type { FloorFulfilmentOrder } from '../src/fulfilment-order/floor-fulfilment-order.ts';
import type { FulfilmentOrder } from '../src/fulfilment-order/fulfilment-order.ts';
import { pickupCodeDigestInput } from '../src/fulfilment-order/pickup-code.ts';

export const ctx = { now: '2026-11-27T11:00:00.000Z' };

/** A two-line pickup fulfilment order in `assigned`, with GTIN-13 barcodes that pass the check digit. */
export function makeFulfilmentOrder(overrides: Partial<FulfilmentOrder> = {}): FulfilmentOrder {
  return {
    id: 'fo-1',
    orderId: 'ord-1',
    orderNumber: 'A-1001',
    locationId: 'store-1',
    deliveryMethod: 'pickup',
    status: 'assigned',
    customerDisplayName: 'Ada L.',
    lines: [
      { lineId: 'l1', sku: 'MUG-01', gtin: '4006381333931', name: 'Mug', quantity: 2, picked: 0 },
      { lineId: 'l2', sku: 'TEA-01', gtin: '5012345678900', name: 'Tea', quantity: 1, picked: 0 },
    ],
    version: 1,
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...overrides,
  } as FulfilmentOrder;
}

export const PICKUP_SALT = 'salt-fo-1-0123';
export const PICKUP_CODE = 'K7Q-4MZ2';

/** What the counter app computes with WebCrypto; node's SHA-256 gives the same bytes. */
export function pickupDigest(code: string, salt = PICKUP_SALT): string {
  return createHash('sha256').update(pickupCodeDigestInput(salt, code), 'utf8').digest('hex');
}

/** The same order as floor commands see it, with a pickup code issued. */
export function makeFloorOrder(overrides: Partial<FloorFulfilmentOrder> = {}): FloorFulfilmentOrder {
  return {
    ...makeFulfilmentOrder(),
    pickupCode: { salt: PICKUP_SALT, sha256: pickupDigest(PICKUP_CODE) },
    ...overrides,
  } as FloorFulfilmentOrder;
}

/** Parses like the server does, so tests exercise the schemas and get branded values. */
export const cmd = (raw: Record<string, unknown>): FloorCommand => FloorCommand.parse({ fulfilmentOrderId: 'fo-1', ...raw });

export const pick = (lineId: string, quantity = 1) => cmd({ type: 'pick_line', lineId, quantity });
export const shortLine = (lineId: string, reason: string, quantity?: number) =>
  cmd({ type: 'short_pick', reason, scope: quantity === undefined ? { kind: 'line', lineId } : { kind: 'line', lineId, quantity } });
export const shortAll = (reason: string) => cmd({ type: 'short_pick', reason, scope: { kind: 'all' } });
export const pack = (...packages: { id: string; lines: [string, number][] }[]) =>
  cmd({
    type: 'pack',
    packages: packages.map((p) => ({ packageId: p.id, lines: p.lines.map(([lineId, quantity]) => ({ lineId, quantity })) })),
  });
export const stage = (bin = 'COUNTER-3') => cmd({ type: 'stage_for_pickup', bin });
export const handOff = (outcome: Record<string, unknown> = { kind: 'all' }, code = PICKUP_CODE) =>
  cmd({ type: 'hand_off', verification: { method: 'pickup_code', digest: pickupDigest(code) }, outcome });
export const ship = (packageIds: string[], over: Record<string, unknown> = {}) =>
  cmd({ type: 'ship', shipmentId: `sh-${packageIds.join('+')}`, carrier: 'UPS', trackingNumber: '1Z999AA10123456784', packageIds, ...over });
export const expire = () => cmd({ type: 'expire_pickup' });

/** Applies commands in order and fails loudly on a refusal: for driving an order to a state. */
export function run(fo: FloorFulfilmentOrder, ...commands: FloorCommand[]): { state: FloorFulfilmentOrder; events: FloorCommandEvent[] } {
  let state = fo;
  const events: FloorCommandEvent[] = [];
  for (const command of commands) {
    const result = executeFloorCommand(state, command, ctx);
    if (!result.ok) throw new Error(`fixture command ${command.type} refused: ${result.error.code} ${result.error.message}`);
    state = result.value.state;
    events.push(...result.value.events);
  }
  return { state, events };
}

/** Every unit picked: 2 × l1, 1 × l2. */
export const pickedOrder = (overrides: Partial<FloorFulfilmentOrder> = {}) =>
  run(makeFloorOrder(overrides), pick('l1', 2), pick('l2')).state;
export const packedOrder = (overrides: Partial<FloorFulfilmentOrder> = {}) =>
  run(pickedOrder(overrides), pack({ id: 'p1', lines: [['l1', 2]] }, { id: 'p2', lines: [['l2', 1]] })).state;
export const stagedOrder = (overrides: Partial<FloorFulfilmentOrder> = {}) => run(pickedOrder(overrides), stage()).state;

/** The refusal code a command gets, or null when accepted. */
export function refusalOf(fo: FloorFulfilmentOrder, command: FloorCommand): string | null {
  const result = executeFloorCommand(fo, command, ctx);
  return result.ok ? null : result.error.code;
}

/** Freezes a document all the way down, so a command that mutates its input throws in the test. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
