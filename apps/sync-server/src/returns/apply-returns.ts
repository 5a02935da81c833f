import {
  applyReturnCommand,
  validateReturnCommand,
  type LineRefund,
  type Return,
  type ReturnCommand,
  type ReturnCommandEvent,
  type ReturnsState,
} from '@aisle/domain';
import { enqueueRefundNotification } from '../notifications/outbox.ts';
import type { Sql } from '../storage/db.ts';
import { enqueueStatusWebhook } from '../webhooks/outbox.ts';
import { loadReturnsState, orderOfReturn, saveReturns, type OrderFacts } from './returns-store.ts';
import { recordStockMovement } from '../inventory/stock-movements.ts';

/** Every return command type, so the push dispatch can tell them from floor commands; a new one fails to compile until listed. */
const RETURN_COMMAND_TYPES: Record<ReturnCommand['type'], true> = {
  request_return_line: true,
  receive_return_line: true,
  cancel_return: true,
  refund_return: true,
};

export function isReturnCommand(cmd: { type: string }): cmd is ReturnCommand {
  return Object.hasOwn(RETURN_COMMAND_TYPES, cmd.type);
}

export interface Refusal {
  code: string;
  message: string;
}

export interface ReturnsContext {
  tenantId: string;
  now: Date;
  /** `command:<id>` for a device command, `channel:<channel>` for the channel API: written on events and stock movements. */
  source: string;
  /** The device command, for the event log; null for the channel API. */
  commandId: string | null;
}

export type Decision =
  | { ok: true; state: ReturnsState; events: ReturnCommandEvent[] }
  /** `index`: which of the commands was refused; nothing was applied. */
  | { ok: false; index: number; refusal: Refusal };

/**
 * Validates and applies commands one after the other on the loaded state, as
 * the domain says; pure, so a refusal of the third leaves nothing to undo.
 */
export function decide(state: ReturnsState, commands: readonly ReturnCommand[], now: string): Decision {
  let current = state;
  const events: ReturnCommandEvent[] = [];
  for (const [index, cmd] of commands.entries()) {
    const verdict = validateReturnCommand(current, cmd, { now });
    if (!verdict.ok) return { ok: false, index, refusal: { code: verdict.error.code, message: verdict.error.message } };
    const outcome = applyReturnCommand(current, cmd, { now });
    current = outcome.state;
    events.push(...outcome.events);
  }
  return { ok: true, state: current, events };
}

/**
 * Writes an accepted decision and acts on its events in the caller's
 * transaction, so the returns, the stock, the webhook and the e-mail commit
 * together or not at all. The domain decided *what* happens; this decides
 * *where it is written*. Returns the returns that changed, and the
 * locations whose stock levels moved (their devices replicate them).
 */
export async function commitDecision(
  tx: Sql,
  ctx: ReturnsContext,
  before: ReturnsState,
  order: OrderFacts,
  decision: Extract<Decision, { ok: true }>,
): Promise<{ saved: Return[]; stockLocations: string[] }> {
  const refunds = new Map<string, LineRefund>();
  for (const e of decision.events) if (e.type === 'return_line_refunded') refunds.set(`${e.returnId}/${e.returnLineId}`, e.refund);
  const saved = await saveReturns(tx, ctx.tenantId, before, decision.state, refunds);
  const at = ctx.now.toISOString();
  const orderId = decision.state.order.id;
  const stockLocations = new Set<string>();
  for (const event of decision.events) {
    await tx.query(
      `INSERT INTO return_events (tenant_id, return_id, order_id, type, payload, command_id, source, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [ctx.tenantId, event.returnId, orderId, event.type, JSON.stringify(event), ctx.commandId, ctx.source, at],
    );
  }
  for (const event of decision.events) {
    switch (event.type) {
      case 'restock_requested':
        await restock(tx, ctx, { locationId: event.locationId, sku: event.sku, quantity: event.quantity, source: `${ctx.source} return:${event.returnId}/${event.returnLineId}` });
        stockLocations.add(event.locationId);
        break;
      case 'refund_issued': {
        const ret = decision.state.returns.find((r) => r.id === event.returnId);
        // One refund per version of the return: a return whose lines arrive apart is refunded more than once.
        const refundId = `${event.returnId}/v${ret?.version ?? 0}`;
        const lines = (ret?.lines ?? []).flatMap((l) => {
          const refund = refunds.get(`${event.returnId}/${l.returnLineId}`);
          return refund
            ? [{
                returnLineId: l.returnLineId,
                orderLineId: l.orderLineId,
                sku: l.sku,
                quantity: l.quantity,
                reason: l.reason,
                condition: l.condition,
                itemsMinor: refund.itemsMinor,
                restockingFeeMinor: refund.restockingFeeMinor,
                shippingMinor: refund.shippingMinor,
                refundMinor: refund.refundMinor,
              }]
            : [];
        });
        // The channel took the payment, so the channel pays it back: the webhook is the instruction.
        await enqueueStatusWebhook(tx, {
          tenantId: ctx.tenantId,
          channel: order.channel,
          event: 'order.refunded',
          orderId,
          payload: { returnId: event.returnId, refundId, amountMinor: event.totalMinor, currency: event.currency, lines },
          occurredAt: ctx.now,
        });
        // Nothing to tell the customer about a refund of nothing (a fee can eat a cheap item whole).
        if (event.totalMinor > 0) {
          await enqueueRefundNotification(tx, {
            tenantId: ctx.tenantId,
            orderId,
            refundId,
            amountMinor: event.totalMinor,
            currency: event.currency,
            now: ctx.now,
          });
        }
        break;
      }
      case 'return_line_requested':
      case 'return_line_received':
      case 'return_line_dispositioned':
      case 'return_line_refunded':
      case 'return_line_cancelled':
      case 'return_status_changed':
        break;
      default: {
        const unknown: never = event;
        throw new Error(`unhandled return event ${JSON.stringify(unknown)}`);
      }
    }
  }
  return { saved, stockLocations: [...stockLocations] };
}

/**
 * Returned units back on the shelf: on-hand rises at once, so ATP does too,
 * with a movement that says why. A location that never held the SKU gets its
 * stock level now (the delta is positive, so the upsert's CHECKs hold).
 */
async function restock(tx: Sql, ctx: ReturnsContext, change: { locationId: string; sku: string; quantity: number; source: string }): Promise<void> {
  const at = ctx.now.toISOString();
  await tx.query(
    `INSERT INTO stock_levels (tenant_id, location_id, sku, on_hand, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, location_id, sku) DO UPDATE SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand, updated_at = EXCLUDED.updated_at`,
    [ctx.tenantId, change.locationId, change.sku, change.quantity, at],
  );
  await recordStockMovement(
    tx,
    ctx.tenantId,
    { locationId: change.locationId, sku: change.sku, delta: change.quantity, reason: 'return_restock', source: change.source },
    at,
  );
}

export type DeviceReturnOutcome = { ok: true; documentVersion: number; changedLocations: string[] } | { ok: false; refusal: Refusal };

/**
 * One return command pushed by a device, in the push's transaction. The
 * device may act on any order of its tenant (customers return anywhere), but
 * goods it receives are at its own location: `receive_return_line` takes the
 * device's location, whatever the body said.
 */
export async function applyDeviceReturnCommand(
  tx: Sql,
  device: { tenantId: string; locationId: string },
  cmd: ReturnCommand,
  ctx: ReturnsContext,
): Promise<DeviceReturnOutcome> {
  const command: ReturnCommand = cmd.type === 'receive_return_line' ? { ...cmd, locationId: device.locationId as typeof cmd.locationId } : cmd;
  let orderId: string;
  if (command.type === 'refund_return' || command.type === 'cancel_return') {
    // The return's order never changes, so it can be read before the order lock.
    const found = await orderOfReturn(tx, device.tenantId, command.returnId);
    if (!found) return { ok: false, refusal: { code: 'return_not_found', message: `the order has no such return: ${command.returnId}` } };
    orderId = found;
  } else {
    orderId = command.orderId;
  }
  const loaded = await loadReturnsState(tx, device.tenantId, orderId, { alsoReturnId: command.returnId });
  if (loaded.kind === 'order_not_found') return { ok: false, refusal: { code: 'order_not_found', message: `no order ${orderId}` } };
  if (loaded.kind === 'order_not_priced') {
    return { ok: false, refusal: { code: 'order_not_priced', message: 'the order was captured without unit prices or currency: refunds cannot be computed' } };
  }
  const decision = decide(loaded.state, [command], ctx.now.toISOString());
  if (!decision.ok) return { ok: false, refusal: decision.refusal };
  const { stockLocations } = await commitDecision(tx, ctx, loaded.state, loaded.order, decision);
  const ret = decision.state.returns.find((r) => r.id === command.returnId);
  if (!ret) throw new Error(`return ${command.returnId} missing after an accepted ${command.type}`);
  return { ok: true, documentVersion: ret.version, changedLocations: stockLocations };
}
