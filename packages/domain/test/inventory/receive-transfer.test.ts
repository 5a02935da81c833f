import { describe, expect, test } from 'vitest';
import { availableToPromise } from '../../src/inventory/atp.ts';
import {
  applyReceiveTransfer,
  ReceiveTransferCommand,
  validateReceiveTransfer,
} from '../../src/inventory/commands/receive-transfer.ts';
import { checkInventoryInvariants, findStockLevel, type InventoryState } from '../../src/inventory/inventory-state.ts';
import { expectTransfer, ExpectTransferInput, transferReceipt } from '../../src/inventory/transfers.ts';
import { ctx, DC, inventory, level, MUG, NOW, q, sku, STORE, TEA } from './fixtures.ts';

const SPOON = sku('SPOON-01');

function withTransfer(state: InventoryState = inventory(level({ onHand: 2 }))): InventoryState {
  const r = expectTransfer(
    state,
    ExpectTransferInput.parse({
      id: 'tr-1',
      locationId: STORE,
      fromLocationId: DC,
      eta: '2026-11-28T09:00:00.000Z',
      confidence: 0.9,
      lines: [
        { sku: MUG, quantity: 6 },
        { sku: TEA, quantity: 4 },
      ],
    }),
    ctx,
  );
  if (!r.ok) throw new Error(r.error.code);
  return r.value.state;
}
const receive = (received: { sku: string; quantity: number }[], extra: Partial<{ transferId: string; locationId: string }> = {}) =>
  ReceiveTransferCommand.parse({ type: 'receive_transfer', transferId: 'tr-1', locationId: STORE, received, ...extra });
function receiveOk(state: InventoryState, cmd: ReceiveTransferCommand) {
  const v = validateReceiveTransfer(state, cmd);
  if (!v.ok) throw new Error(v.error.code);
  const change = applyReceiveTransfer(state, cmd, ctx);
  expect(checkInventoryInvariants(change.state)).toEqual([]);
  return change;
}

describe('transfer receipt', () => {
  test('[TR1] an expected transfer is inbound supply at the destination, one entry per SKU', () => {
    const s = withTransfer();
    expect(findStockLevel(s, MUG, STORE)?.inbound).toEqual([{ id: 'tr-1', quantity: 6, eta: '2026-11-28T09:00:00.000Z', confidence: 0.9 }]);
    expect(findStockLevel(s, TEA, STORE)?.inbound).toHaveLength(1);
    expect(availableToPromise(findStockLevel(s, MUG, STORE)!, { now: NOW, horizonDays: 2 }).atp).toBe(2 + 5);
    const again = expectTransfer(s, ExpectTransferInput.parse({ id: 'tr-1', locationId: STORE, eta: NOW, confidence: 1, lines: [{ sku: MUG, quantity: 1 }] }), ctx);
    expect(again.ok ? null : again.error.code).toBe('duplicate_transfer');
  });

  test('[TR2] unknown, misaddressed and already received transfers are refused', () => {
    const s = withTransfer();
    const code = (st: InventoryState, cmd: ReceiveTransferCommand) => {
      const v = validateReceiveTransfer(st, cmd);
      return v.ok ? null : v.error.code;
    };
    expect(code(s, receive([], { transferId: 'tr-404' }))).toBe('unknown_transfer');
    expect(code(s, receive([], { locationId: 'store-2' }))).toBe('wrong_location');
    const done = receiveOk(s, receive([{ sku: MUG, quantity: 6 }])).state;
    expect(code(done, receive([{ sku: MUG, quantity: 6 }]))).toBe('already_received');
  });

  test('[TR3] on hand grows by what was scanned, scans summed per SKU', () => {
    const { state } = receiveOk(
      withTransfer(),
      receive([
        { sku: MUG, quantity: 1 },
        { sku: MUG, quantity: 4 },
        { sku: TEA, quantity: 4 },
        { sku: SPOON, quantity: 2 },
      ]),
    );
    expect(findStockLevel(state, MUG, STORE)?.onHand).toBe(2 + 5);
    expect(findStockLevel(state, TEA, STORE)?.onHand).toBe(4);
    expect(findStockLevel(state, SPOON, STORE)?.onHand).toBe(2);
  });

  test('[TR4] the receipt reports missing and extra units per SKU', () => {
    const { events } = receiveOk(
      withTransfer(),
      receive([
        { sku: MUG, quantity: 5 },
        { sku: TEA, quantity: 3 },
        { sku: TEA, quantity: 3 },
        { sku: SPOON, quantity: 2 },
      ]),
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'transfer_received',
        transferId: 'tr-1',
        lines: [
          { sku: MUG, expected: 6, received: 5 },
          { sku: TEA, expected: 4, received: 6 },
          { sku: SPOON, expected: 0, received: 2 },
        ],
        missing: [{ sku: MUG, quantity: 1 }],
        extra: [
          { sku: TEA, quantity: 2 },
          { sku: SPOON, quantity: 2 },
        ],
      }),
    ]);
    expect(transferReceipt({ lines: [{ sku: MUG, quantity: q(1) }] }, [])).toEqual({
      lines: [{ sku: MUG, expected: 1, received: 0 }],
      missing: [{ sku: MUG, quantity: 1 }],
      extra: [],
    });
  });

  test('[TR5] the receipt closes the transfer and its inbound, even for SKUs that never arrived', () => {
    const other = { id: 'po-9', quantity: 10, eta: '2026-11-29T00:00:00.000Z', confidence: 1 };
    const s = withTransfer(inventory(level({ onHand: 2, inbound: [other] })));
    const { state } = receiveOk(s, receive([{ sku: MUG, quantity: 6 }]));
    expect(findStockLevel(state, MUG, STORE)?.inbound).toEqual([other]);
    expect(findStockLevel(state, TEA, STORE)).toMatchObject({ onHand: 0, inbound: [] });
    expect(state.transfers[0]).toMatchObject({ status: 'received', receivedAt: ctx.now });
  });
});
