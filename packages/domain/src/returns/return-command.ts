import { z } from 'zod';
import type { CommandContext } from '../commands/context.ts';
import type { Refusal, Result } from '../result.ts';
import { applyCancelReturn, CancelReturnCommand, validateCancelReturn, type CancelReturnEvent, type CancelReturnRefusalCode } from './cancel-return.ts';
import {
  applyReceiveReturnLine,
  ReceiveReturnLineCommand,
  validateReceiveReturnLine,
  type ReceiveReturnLineEvent,
  type ReceiveReturnLineRefusalCode,
} from './receive-return-line.ts';
import { applyRefundReturn, RefundReturnCommand, validateRefundReturn, type RefundReturnEvent, type RefundReturnRefusalCode } from './refund-return.ts';
import {
  applyRequestReturnLine,
  RequestReturnLineCommand,
  validateRequestReturnLine,
  type RequestReturnLineEvent,
  type RequestReturnLineRefusalCode,
} from './request-return-line.ts';
import type { ReturnsState } from './returnable.ts';

/** Every action on returns, one union on `type`, for the server and the PWA alike. */
export const ReturnCommand = z.discriminatedUnion('type', [
  RequestReturnLineCommand,
  ReceiveReturnLineCommand,
  CancelReturnCommand,
  RefundReturnCommand,
]);
export type ReturnCommand = z.infer<typeof ReturnCommand>;

export type ReturnCommandRefusalCode =
  | RequestReturnLineRefusalCode
  | ReceiveReturnLineRefusalCode
  | CancelReturnRefusalCode
  | RefundReturnRefusalCode;
export type ReturnCommandEvent = RequestReturnLineEvent | ReceiveReturnLineEvent | CancelReturnEvent | RefundReturnEvent;

export function validateReturnCommand(
  state: ReturnsState,
  cmd: ReturnCommand,
  ctx: CommandContext,
): Result<void, Refusal<ReturnCommandRefusalCode>> {
  switch (cmd.type) {
    case 'request_return_line':
      return validateRequestReturnLine(state, cmd, ctx);
    case 'receive_return_line':
      return validateReceiveReturnLine(state, cmd, ctx);
    case 'cancel_return':
      return validateCancelReturn(state, cmd);
    case 'refund_return':
      return validateRefundReturn(state, cmd);
  }
}

export function applyReturnCommand(
  state: ReturnsState,
  cmd: ReturnCommand,
  ctx: CommandContext,
): { state: ReturnsState; events: ReturnCommandEvent[] } {
  switch (cmd.type) {
    case 'request_return_line':
      return applyRequestReturnLine(state, cmd, ctx);
    case 'receive_return_line':
      return applyReceiveReturnLine(state, cmd, ctx);
    case 'cancel_return':
      return applyCancelReturn(state, cmd, ctx);
    case 'refund_return':
      return applyRefundReturn(state, cmd, ctx);
  }
}
