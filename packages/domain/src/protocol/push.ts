import { z } from 'zod';
import { FloorCommand } from '../commands/command.ts';
import { CommandId } from '../ids.ts';
import { AdjustStockCommand } from '../inventory/commands/adjust-stock.ts';
import { CycleCountCommand } from '../inventory/commands/cycle-count.ts';
import { ReturnCommand } from '../returns/return-command.ts';

/**
 * What a device may send: floor commands about a fulfilment order, returns
 * commands (receive at the desk, refund, cancel), and stock commands (cycle
 * count, adjustment; `receive_transfer` once the server stores transfers;
 * the location in their body is replaced by the device's). One union on `type`, so an
 * unknown type is refused by name. Adding members is compatible: an older
 * client never sends them.
 */
export const DeviceCommand = z.discriminatedUnion('type', [FloorCommand, ReturnCommand, CycleCountCommand, AdjustStockCommand]);
export type DeviceCommand = z.infer<typeof DeviceCommand>;

/** One outbox entry as a device sends it. Device and location come from the token, never from the body. */
export const CommandEnvelope = z.object({
  id: CommandId,
  /** Position in the device's outbox; the server applies a batch in this order. */
  deviceSeq: z.number().int().nonnegative(),
  /** Device clock when the associate acted: informative only, never trusted for ordering. */
  createdAt: z.iso.datetime(),
  /** Version of the document the command was made against, for conflict explanations. */
  baseVersion: z.number().int().nonnegative(),
  /**
   * The sign-in session the associate made the command in (`sessionId` from
   * sign-in). It names the author and their role even when the command is
   * pushed after they signed out: the device's outbox outlives sessions.
   */
  sessionId: z.string().min(1).max(100).optional(),
  command: DeviceCommand,
});
export type CommandEnvelope = z.infer<typeof CommandEnvelope>;

export const PUSH_MAX_BATCH = 200;

export const PushRequest = z.object({
  commands: z.array(CommandEnvelope).min(1).max(PUSH_MAX_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const CommandResult = z.discriminatedUnion('status', [
  z.object({
    commandId: CommandId,
    status: z.literal('applied'),
    /** Version of the document after this command: the replica has caught up once it reaches it. */
    documentVersion: z.number().int(),
  }),
  z.object({
    commandId: CommandId,
    status: z.literal('rejected'),
    reason: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type CommandResult = z.infer<typeof CommandResult>;

export const PushResponse = z.object({ results: z.array(CommandResult) });
export type PushResponse = z.infer<typeof PushResponse>;
