import type { ReturnId } from '../ids.ts';
import type { ReturnStatus } from './lifecycle.ts';
import { returnStatus, type Return } from './return.ts';
import type { ReturnsState } from './returnable.ts';

/** Emitted whenever an action changes the RMA's rolled-up status; `from` is null for a return just opened. */
export interface ReturnStatusChangedEvent {
  readonly type: 'return_status_changed';
  readonly returnId: ReturnId;
  readonly from: ReturnStatus | null;
  readonly to: ReturnStatus;
  readonly at: string;
}

export function findReturn(state: ReturnsState, returnId: ReturnId): Return | undefined {
  return state.returns.find((r) => r.id === returnId && r.orderId === state.order.id);
}

/** The state with `next` in place of the return of the same id, or added when it is new. */
export function withReturn(state: ReturnsState, next: Return): ReturnsState {
  const known = state.returns.some((r) => r.id === next.id);
  return { ...state, returns: known ? state.returns.map((r) => (r.id === next.id ? next : r)) : [...state.returns, next] };
}

export function statusChange(before: Return | undefined, after: Return, at: string): ReturnStatusChangedEvent[] {
  const from = before ? returnStatus(before) : null;
  const to = returnStatus(after);
  return from === to ? [] : [{ type: 'return_status_changed', returnId: after.id, from, to, at }];
}

/** RR1: a refunded or cancelled RMA is closed; shared by every action that adds to a return. */
export function closedReturnRefusal(ret: Return | undefined): 'return_already_refunded' | 'return_cancelled' | null {
  if (!ret) return null;
  const status = returnStatus(ret);
  return status === 'refunded' ? 'return_already_refunded' : status === 'cancelled' ? 'return_cancelled' : null;
}
