import type { FloorCommand, FulfilmentOrder } from '@aisle/domain';
import type { OutboxEntry } from '../src/db/schemas.ts';

export const MUG_GTIN = '4006381333931';
export const TEA_GTIN = '5012345678900';

/** A two-line pickup fulfilment order in `assigned`: 2 × Mug, 1 × Tea. */
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
      { lineId: 'l1', sku: 'MUG-01', gtin: MUG_GTIN, name: 'Mug', quantity: 2, picked: 0 },
      { lineId: 'l2', sku: 'TEA-01', gtin: TEA_GTIN, name: 'Tea', quantity: 1, picked: 0 },
    ],
    version: 1,
    createdAt: '2026-11-27T10:00:00.000Z',
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...overrides,
  } as FulfilmentOrder;
}

export function pickCommand(lineId: string, quantity = 1, fulfilmentOrderId = 'fo-1'): FloorCommand {
  return { type: 'pick_line', fulfilmentOrderId, lineId, quantity } as FloorCommand;
}

let seq = 0;
export function makeEntry(overrides: Partial<OutboxEntry> & Pick<OutboxEntry, 'command'>): OutboxEntry {
  seq++;
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    deviceSeq: seq,
    createdAt: '2026-11-27T11:00:00.000Z',
    baseVersion: 1,
    fulfilmentOrderId: overrides.command.fulfilmentOrderId,
    state: 'pending',
    ...overrides,
  };
}
