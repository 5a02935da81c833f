import { z } from 'zod';
import type { FloorFulfilmentOrder } from '../fulfilment-order/floor-fulfilment-order.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';
import type { CommandContext } from './context.ts';
import { applyExpirePickup, ExpirePickupCommand, validateExpirePickup, type ExpirePickupEvent, type ExpirePickupRefusalCode } from './expire-pickup.ts';
import { applyHandOff, HandOffCommand, validateHandOff, type HandOffEvent, type HandOffRefusalCode } from './hand-off.ts';
import { applyPack, PackCommand, validatePack, type PackEvent, type PackRefusalCode } from './pack.ts';
import { applyPickLine, PickLineCommand, validatePickLine, type PickLineEvent, type PickLineRefusalCode } from './pick-line.ts';
import { applyShip, ShipCommand, validateShip, type ShipEvent, type ShipRefusalCode } from './ship.ts';
import { applyShortPick, ShortPickCommand, validateShortPick, type ShortPickEvent, type ShortPickRefusalCode } from './short-pick.ts';
import {
  applyStageForPickup,
  StageForPickupCommand,
  validateStageForPickup,
  type StageForPickupEvent,
  type StageForPickupRefusalCode,
} from './stage-for-pickup.ts';

/**
 * Every command a store device can send about a fulfilment order: a
 * discriminated union on `type`. Inventory and returns commands have their own
 * unions; central decisions (cancel, carrier delivery) are not floor commands.
 */
export const FloorCommand = z.discriminatedUnion('type', [
  PickLineCommand,
  ShortPickCommand,
  PackCommand,
  StageForPickupCommand,
  HandOffCommand,
  ShipCommand,
  ExpirePickupCommand,
]);
export type FloorCommand = z.infer<typeof FloorCommand>;
export type FloorCommandType = FloorCommand['type'];

export type FloorCommandRefusalCode =
  | PickLineRefusalCode
  | ShortPickRefusalCode
  | PackRefusalCode
  | StageForPickupRefusalCode
  | HandOffRefusalCode
  | ShipRefusalCode
  | ExpirePickupRefusalCode;
export type FloorCommandEvent =
  | PickLineEvent
  | ShortPickEvent
  | PackEvent
  | StageForPickupEvent
  | HandOffEvent
  | ShipEvent
  | ExpirePickupEvent;

export interface FloorCommandOutcome {
  readonly state: FloorFulfilmentOrder;
  readonly events: FloorCommandEvent[];
}

/** One entry point for the PWA (optimistic) and the server (authoritative): same rules, same answer. */
export function validateFloorCommand(
  fo: FloorFulfilmentOrder,
  cmd: FloorCommand,
): Result<void, Refusal<FloorCommandRefusalCode>> {
  switch (cmd.type) {
    case 'pick_line':
      return validatePickLine(fo, cmd);
    case 'short_pick':
      return validateShortPick(fo, cmd);
    case 'pack':
      return validatePack(fo, cmd);
    case 'stage_for_pickup':
      return validateStageForPickup(fo, cmd);
    case 'hand_off':
      return validateHandOff(fo, cmd);
    case 'ship':
      return validateShip(fo, cmd);
    case 'expire_pickup':
      return validateExpirePickup(fo, cmd);
  }
}

/** Applies a command `validateFloorCommand` accepted. Applying a refused one is a bug and may throw. */
export function applyFloorCommand(fo: FloorFulfilmentOrder, cmd: FloorCommand, ctx: CommandContext): FloorCommandOutcome {
  switch (cmd.type) {
    case 'pick_line':
      return applyPickLine(fo, cmd, ctx);
    case 'short_pick':
      return applyShortPick(fo, cmd, ctx);
    case 'pack':
      return applyPack(fo, cmd, ctx);
    case 'stage_for_pickup':
      return applyStageForPickup(fo, cmd, ctx);
    case 'hand_off':
      return applyHandOff(fo, cmd, ctx);
    case 'ship':
      return applyShip(fo, cmd, ctx);
    case 'expire_pickup':
      return applyExpirePickup(fo, cmd, ctx);
  }
}

/** Validate, then apply: a refusal leaves the fulfilment order exactly as it was (FO10). */
export function executeFloorCommand(
  fo: FloorFulfilmentOrder,
  cmd: FloorCommand,
  ctx: CommandContext,
): Result<FloorCommandOutcome, Refusal<FloorCommandRefusalCode>> {
  const verdict = validateFloorCommand(fo, cmd);
  return verdict.ok ? ok(applyFloorCommand(fo, cmd, ctx)) : err(verdict.error);
}
