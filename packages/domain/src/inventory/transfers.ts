import { z } from 'zod';
import type { CommandContext } from '../commands/context.ts';
import { LocationId, TransferId, type Sku } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { TransferExpectedEvent, TransferReceiptLine } from './events.ts';
import {
  stockLevelOrEmpty,
  TransferLine,
  withStockLevel,
  type InboundTransfer,
  type InventoryChange,
  type InventoryState,
} from './inventory-state.ts';

/** Adds up lines per SKU, in first-seen order: scanners send one line per scan. */
export function sumBySku(lines: readonly { readonly sku: Sku; readonly quantity: number }[]): Map<Sku, number> {
  const totals = new Map<Sku, number>();
  for (const l of lines) totals.set(l.sku, (totals.get(l.sku) ?? 0) + l.quantity);
  return totals;
}

export const ExpectTransferInput = z.object({
  id: TransferId,
  locationId: LocationId,
  fromLocationId: LocationId.optional(),
  lines: z.array(TransferLine).min(1).max(1000),
  eta: z.iso.datetime(),
  /** How sure the sender is that it arrives by `eta` (ATP3). */
  confidence: z.number().min(0).max(1),
});
export type ExpectTransferInput = z.infer<typeof ExpectTransferInput>;

export const EXPECT_TRANSFER_REFUSALS = {
  /** TR1 */
  duplicate_transfer: 'a transfer with this id is already known',
} as const;
export type ExpectTransferRefusalCode = keyof typeof EXPECT_TRANSFER_REFUSALS;

/**
 * TR1: a transfer on its way becomes inbound supply at the destination, one
 * entry per SKU carrying the transfer id, so ATP can count it and the receipt
 * can close exactly those entries (TR5).
 */
export function expectTransfer(
  state: InventoryState,
  input: ExpectTransferInput,
  ctx: CommandContext,
): Result<InventoryChange<TransferExpectedEvent>, Refusal<ExpectTransferRefusalCode>> {
  if (state.transfers.some((t) => t.id === input.id)) {
    return err({ code: 'duplicate_transfer', message: `${EXPECT_TRANSFER_REFUSALS.duplicate_transfer}: ${input.id}` });
  }
  const lines = [...sumBySku(input.lines)].map(([sku, quantity]) => ({ sku, quantity }) as TransferLine);
  const transfer: InboundTransfer = {
    id: input.id,
    locationId: input.locationId,
    lines,
    status: 'in_transit',
    ...(input.fromLocationId === undefined ? {} : { fromLocationId: input.fromLocationId }),
  };
  let next: InventoryState = { ...state, transfers: [...state.transfers, transfer] };
  for (const line of lines) {
    const level = stockLevelOrEmpty(next, line.sku, input.locationId);
    const supply = { id: input.id, quantity: line.quantity, eta: input.eta, confidence: input.confidence };
    next = withStockLevel(next, { ...level, inbound: [...level.inbound, supply] });
  }
  return ok({
    state: next,
    events: [{ type: 'transfer_expected', transferId: input.id, locationId: input.locationId, lines, at: ctx.now }],
  });
}

export interface TransferReceipt {
  readonly lines: readonly TransferReceiptLine[];
  readonly missing: readonly { readonly sku: Sku; readonly quantity: number }[];
  readonly extra: readonly { readonly sku: Sku; readonly quantity: number }[];
}

/**
 * TR4: expected against scanned, per SKU. Expected SKUs come first in transfer
 * order, then unexpected ones in scan order. The device can show it before the
 * associate confirms; the receipt command reports the same.
 */
export function transferReceipt(
  transfer: Pick<InboundTransfer, 'lines'>,
  received: readonly { readonly sku: Sku; readonly quantity: number }[],
): TransferReceipt {
  const expected = sumBySku(transfer.lines);
  const scanned = sumBySku(received);
  const skus = [...expected.keys(), ...[...scanned.keys()].filter((s) => !expected.has(s))];
  const lines = skus.map((sku) => ({ sku, expected: expected.get(sku) ?? 0, received: scanned.get(sku) ?? 0 }));
  return {
    lines,
    missing: lines.filter((l) => l.received < l.expected).map((l) => ({ sku: l.sku, quantity: l.expected - l.received })),
    extra: lines.filter((l) => l.received > l.expected).map((l) => ({ sku: l.sku, quantity: l.received - l.expected })),
  };
}
