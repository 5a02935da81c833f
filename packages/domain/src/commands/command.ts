import { z } from 'zod';
import type { FulfilmentOrder } from '../fulfilment-order/fulfilment-order.ts';
import type { Refusal, Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import {
  applyPickLine,
  PickLineCommand,
  validatePickLine,
  type PickLineEvent,
  type PickLineRefusalCode,
} from './pick-line.ts';

/**
 * Every floor command a device can send. A discriminated union on `type`;
 * later commands (short-pick, pack, stage, hand off…) join here.
 */
export const FloorCommand = z.discriminatedUnion('type', [PickLineCommand]);
export type FloorCommand = z.infer<typeof FloorCommand>;
export type FloorCommandType = FloorCommand['type'];


export type FloorCommandRefusalCode = PickLineRefusalCode;
export type FloorCommandEvent = PickLineEvent;

/** One entry point for the PWA (optimistic) and the server (authoritative): same rules, same answer. */
export function validateFloorCommand(
  fo: FulfilmentOrder,
  cmd: FloorCommand,
): Result<void, Refusal<FloorCommandRefusalCode>> {
  switch (cmd.type) {
    case 'pick_line':
      return validatePickLine(fo, cmd);
  }
}

export function applyFloorCommand(
  fo: FulfilmentOrder,
  cmd: FloorCommand,
  ctx: CommandContext,
): { state: FulfilmentOrder; events: FloorCommandEvent[] } {
  switch (cmd.type) {
    case 'pick_line':
      return applyPickLine(fo, cmd, ctx);
  }
}
