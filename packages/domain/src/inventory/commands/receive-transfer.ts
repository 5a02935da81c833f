import { z } from 'zod';
import type { CommandContext } from '../../commands/context.ts';
import { LocationId, TransferId } from '../../ids.ts';
import { err, ok, type Refusal, type Result } from '../../result.ts';
import type { TransferReceivedEvent } from '../events.ts';
import {
  stockLevelOrEmpty,
  TransferLine,
  withStockLevel,
  type InventoryChange,
  type InventoryState,
} from '../inventory-state.ts';
import { transferReceipt } from '../transfers.ts';

/** The associate scanned what came off the truck; one line per scan is fine, lines are summed per SKU. */
export const ReceiveTransferCommand = z.object({
  type: z.literal('receive_transfer'),
  transferId: TransferId,
  locationId: LocationId,
  received: z.array(TransferLine).max(10_000),
});
export type ReceiveTransferCommand = z.infer<typeof ReceiveTransferCommand>;

export const RECEIVE_TRANSFER_REFUSALS = {
  /** TR2 */
  unknown_transfer: 'no such transfer',
  /** TR2 */
  wrong_location: 'the transfer is addressed to another location',
  /** TR2 */
  already_received: 'the transfer was already received',
} as const;
export type ReceiveTransferRefusalCode = keyof typeof RECEIVE_TRANSFER_REFUSALS;
export type ReceiveTransferRefusal = Refusal<ReceiveTransferRefusalCode>;

export type ReceiveTransferEvent = TransferReceivedEvent;

const refuse = (code: ReceiveTransferRefusalCode, detail: string): ReceiveTransferRefusal => ({
  code,
  message: `${RECEIVE_TRANSFER_REFUSALS[code]}: ${detail}`,
});

export function validateReceiveTransfer(
  state: InventoryState,
  cmd: ReceiveTransferCommand,
): Result<void, ReceiveTransferRefusal> {
  const transfer = state.transfers.find((t) => t.id === cmd.transferId);
  if (!transfer) return err(refuse('unknown_transfer', cmd.transferId));
  if (transfer.locationId !== cmd.locationId) return err(refuse('wrong_location', `${cmd.transferId} goes to ${transfer.locationId}`));
  if (transfer.status === 'received') return err(refuse('already_received', `${cmd.transferId} at ${transfer.receivedAt ?? '?'}`));
  return ok(undefined);
}

/**
 * TR3–TR5: on hand grows by what was scanned, not by what the paperwork
 * promised. The transfer closes with this one receipt: missing units become a
 * discrepancy to chase with the sender, not supply that ATP keeps counting.
 * Call only after `validateReceiveTransfer` accepted the command.
 */
export function applyReceiveTransfer(
  state: InventoryState,
  cmd: ReceiveTransferCommand,
  ctx: CommandContext,
): InventoryChange<ReceiveTransferEvent> {
  const transfer = state.transfers.find((t) => t.id === cmd.transferId);
  if (!transfer) throw new Error(`applyReceiveTransfer: unknown transfer ${cmd.transferId}; validate first`);
  const receipt = transferReceipt(transfer, cmd.received);

  let next: InventoryState = {
    ...state,
    transfers: state.transfers.map((t) => (t.id === transfer.id ? { ...t, status: 'received' as const, receivedAt: ctx.now } : t)),
  };
  // Close this transfer's inbound entries wherever they are at the destination, including SKUs that never arrived.
  next = {
    ...next,
    stock: next.stock.map((s) =>
      s.locationId === cmd.locationId && s.inbound.some((i) => i.id === transfer.id)
        ? { ...s, inbound: s.inbound.filter((i) => i.id !== transfer.id) }
        : s,
    ),
  };
  for (const line of receipt.lines) {
    if (line.received === 0) continue;
    const level = stockLevelOrEmpty(next, line.sku, cmd.locationId);
    next = withStockLevel(next, { ...level, onHand: level.onHand + line.received });
  }
  return {
    state: next,
    events: [
      {
        type: 'transfer_received',
        transferId: transfer.id,
        locationId: cmd.locationId,
        lines: receipt.lines,
        missing: receipt.missing,
        extra: receipt.extra,
        at: ctx.now,
      },
    ],
  };
}
