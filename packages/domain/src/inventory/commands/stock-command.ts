import { z } from 'zod';
import type { CommandContext } from '../../commands/context.ts';
import type { Refusal, Result } from '../../result.ts';
import type { InventoryChange, InventoryState } from '../inventory-state.ts';
import {
  AdjustStockCommand,
  applyAdjustStock,
  validateAdjustStock,
  type AdjustStockEvent,
  type AdjustStockRefusalCode,
} from './adjust-stock.ts';
import {
  applyCycleCount,
  CycleCountCommand,
  validateCycleCount,
  type CycleCountEvent,
  type CycleCountRefusalCode,
} from './cycle-count.ts';
import {
  applyReceiveTransfer,
  ReceiveTransferCommand,
  validateReceiveTransfer,
  type ReceiveTransferEvent,
  type ReceiveTransferRefusalCode,
} from './receive-transfer.ts';

/** Every stock command a device can send, discriminated on `type`, against an `InventoryState`. */
export const StockCommand = z.discriminatedUnion('type', [CycleCountCommand, AdjustStockCommand, ReceiveTransferCommand]);
export type StockCommand = z.infer<typeof StockCommand>;
export type StockCommandType = StockCommand['type'];

export type StockCommandRefusalCode = CycleCountRefusalCode | AdjustStockRefusalCode | ReceiveTransferRefusalCode;
export type StockCommandEvent = CycleCountEvent | AdjustStockEvent | ReceiveTransferEvent;

/** Same rules, same answer on the PWA (optimistic) and the server (authoritative). */
export function validateStockCommand(state: InventoryState, cmd: StockCommand): Result<void, Refusal<StockCommandRefusalCode>> {
  switch (cmd.type) {
    case 'cycle_count':
      return validateCycleCount(state, cmd);
    case 'adjust_stock':
      return validateAdjustStock(state, cmd);
    case 'receive_transfer':
      return validateReceiveTransfer(state, cmd);
  }
}

export function applyStockCommand(
  state: InventoryState,
  cmd: StockCommand,
  ctx: CommandContext,
): InventoryChange<StockCommandEvent> {
  switch (cmd.type) {
    case 'cycle_count':
      return applyCycleCount(state, cmd, ctx);
    case 'adjust_stock':
      return applyAdjustStock(state, cmd, ctx);
    case 'receive_transfer':
      return applyReceiveTransfer(state, cmd, ctx);
  }
}
