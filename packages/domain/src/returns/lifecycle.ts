/**
 * Return (RMA) lifecycle (RMA rules in spec-drafts/returns.md).
 *
 *               receive              inspect               disposition                  refund
 *   requested ──────────▶ received ──────────▶ inspected ──────────────▶ dispositioned ────────▶ refunded
 *       │                    │                     │
 *       │ cancel             │ cancel              │ cancel
 *       ▼                    ▼                     ▼
 *   cancelled            cancelled             cancelled
 *
 * Every return line walks this table on its own; the RMA's status is rolled up
 * from its lines (`deriveReturnStatus`), never stored, so the two cannot
 * disagree. A dispositioned line cannot be cancelled: its goods have already
 * been acted on (back on the shelf, at the repair bench, written off).
 */

export const RETURN_STATUSES = [
  'requested',
  'received',
  'inspected',
  'dispositioned',
  'refunded',
  'cancelled',
] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const RETURN_EVENTS = ['receive', 'inspect', 'disposition', 'refund', 'cancel'] as const;
export type ReturnEvent = (typeof RETURN_EVENTS)[number];

/** RMA2: states that accept no event. */
export const TERMINAL_RETURN_STATUSES = ['refunded', 'cancelled'] as const satisfies readonly ReturnStatus[];

const x = null;

/**
 * RMA1: every state × event cell is written out; `null` means the event is
 * refused in that state. No `Partial`, so a new state or event fails to compile
 * until every cell for it is decided.
 */
export const RETURN_TRANSITIONS: Readonly<Record<ReturnStatus, Readonly<Record<ReturnEvent, ReturnStatus | null>>>> = {
  requested: { receive: 'received', inspect: x, disposition: x, refund: x, cancel: 'cancelled' },
  received: { receive: x, inspect: 'inspected', disposition: x, refund: x, cancel: 'cancelled' },
  inspected: { receive: x, inspect: x, disposition: 'dispositioned', refund: x, cancel: 'cancelled' },
  dispositioned: { receive: x, inspect: x, disposition: x, refund: 'refunded', cancel: x },
  refunded: { receive: x, inspect: x, disposition: x, refund: x, cancel: x },
  cancelled: { receive: x, inspect: x, disposition: x, refund: x, cancel: x },
};

export function nextReturnStatus(from: ReturnStatus, event: ReturnEvent): ReturnStatus | null {
  return RETURN_TRANSITIONS[from][event];
}

export function isTerminalReturnStatus(status: ReturnStatus): boolean {
  return (TERMINAL_RETURN_STATUSES as readonly ReturnStatus[]).includes(status);
}

/** How far along a live line is; the RMA is as far as its slowest live line (RMA5). */
const PROGRESS: Readonly<Record<ReturnStatus, number | null>> = {
  requested: 0,
  received: 1,
  inspected: 2,
  dispositioned: 3,
  refunded: 4,
  // A cancelled line no longer holds the RMA back.
  cancelled: null,
};

/**
 * RMA5: the RMA's status from its lines' statuses. Cancelled lines are
 * ignored; with no live line left the RMA is cancelled; otherwise it reads as
 * its slowest live line, so it is `refunded` only once every live line is.
 *
 * The rollup is a derivation, not a walk of the table: cancelling the one slow
 * line can move an RMA from `requested` straight to `refunded`.
 */
export function deriveReturnStatus(lineStatuses: readonly ReturnStatus[]): ReturnStatus {
  let slowest: ReturnStatus | null = null;
  for (const status of lineStatuses) {
    const progress = PROGRESS[status];
    if (progress === null) continue;
    if (slowest === null || progress < (PROGRESS[slowest] ?? 0)) slowest = status;
  }
  return slowest ?? 'cancelled';
}
