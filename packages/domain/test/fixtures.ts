import type { FulfilmentOrder } from '../src/index.ts';

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
