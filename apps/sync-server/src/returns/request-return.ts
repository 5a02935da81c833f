import { createHash, randomUUID } from 'node:crypto';
import type { LineId, ReturnCommand, ReturnId, ReturnLineId } from '@aisle/domain';
import { API_ERROR_CODES, type ApiErrorCode, type RequestReturnRequest, type ReturnView } from '@aisle/domain/protocol';
import type { ChannelPrincipal } from '../http/auth.ts';
import { canonicalJson } from '../http/canonical-json.ts';
import { ApiException } from '../http/errors.ts';
import type { Db, Sql } from '../storage/db.ts';
import { commitDecision, decide } from './apply-returns.ts';
import { loadReturns, loadReturnsState, toReturnView } from './returns-store.ts';

export interface RequestReturnOutcome {
  status: 200 | 201;
  body: ReturnView;
  replayed: boolean;
}

/**
 * Refusals the customer can do nothing about by asking again (422), and those
 * that depend on what else happened to the order (409); each names the field
 * of the request line to blame.
 */
const REFUSAL_HTTP: Record<string, { status: 409 | 422; field?: 'orderLineId' | 'quantity' | 'reason' | 'returnLineId' }> = {
  order_line_not_found: { status: 422, field: 'orderLineId' },
  unknown_product: { status: 422, field: 'orderLineId' },
  not_returnable: { status: 422, field: 'reason' },
  outside_return_window: { status: 422, field: 'orderLineId' },
  quantity_exceeds_returnable: { status: 409, field: 'quantity' },
  duplicate_return_line: { status: 409, field: 'returnLineId' },
  order_mismatch: { status: 409 },
  return_already_refunded: { status: 409 },
  return_cancelled: { status: 409 },
};

const isApiErrorCode = (code: string): code is ApiErrorCode => (API_ERROR_CODES as readonly string[]).includes(code);

/**
 * A return asked for by the channel (online, or through support): every line
 * is a `request_return_line` (RMA8), all accepted or none written. Idempotent
 * by `Idempotency-Key` (same body → the stored response, another body → 409)
 * and by `returnId` (the same lines again → the return as it is now, 200).
 */
export async function requestReturn(
  db: Db,
  channel: ChannelPrincipal,
  orderId: string,
  idempotencyKey: string,
  req: RequestReturnRequest,
  now: Date,
): Promise<RequestReturnOutcome> {
  // The key is the channel's, per order: the same key and body for another order is another request.
  const key = `returns/${orderId}/${idempotencyKey}`;
  const requestHash = createHash('sha256').update(canonicalJson(req)).digest('hex');
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`idem/${channel.tenantId}/${channel.channel}/${key}`]);
    const prior = await tx.query<{ request_hash: string; status_code: 200 | 201; response: ReturnView | string }>(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE tenant_id = $1 AND channel = $2 AND key = $3',
      [channel.tenantId, channel.channel, key],
    );
    const hit = prior.rows[0];
    if (hit) {
      if (hit.request_hash !== requestHash) {
        throw new ApiException(409, 'idempotency_conflict', 'this Idempotency-Key was used with a different body', 'Idempotency-Key');
      }
      const body = typeof hit.response === 'string' ? (JSON.parse(hit.response) as ReturnView) : hit.response;
      return { status: hit.status_code, body, replayed: true };
    }
    const outcome = await requestUnderLock(tx, channel, orderId, req, now);
    await tx.query(
      'INSERT INTO idempotency_keys (tenant_id, channel, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5, $6)',
      [channel.tenantId, channel.channel, key, requestHash, outcome.status, JSON.stringify(outcome.body)],
    );
    return { ...outcome, replayed: false };
  });
}

async function requestUnderLock(
  tx: Sql,
  channel: ChannelPrincipal,
  orderId: string,
  req: RequestReturnRequest,
  now: Date,
): Promise<Omit<RequestReturnOutcome, 'replayed'>> {
  const returnId = req.returnId ?? (randomUUID() as ReturnId);
  const loaded = await loadReturnsState(tx, channel.tenantId, orderId, { alsoReturnId: returnId });
  // Another channel's order is as unknown as a missing one (as for cancel).
  if (loaded.kind === 'order_not_found' || loaded.order.channel !== channel.channel) throw new ApiException(404, 'not_found', 'no such order');
  if (loaded.kind === 'order_not_priced') {
    throw new ApiException(422, 'order_not_priced', 'the order was captured without unit prices or currency, so no refund can be computed');
  }
  const { state } = loaded;
  const lines = req.lines.map((l, i) => ({ ...l, returnLineId: l.returnLineId ?? (`RL${String(i + 1).padStart(3, '0')}` as ReturnLineId) }));

  const existing = state.returns.find((r) => r.id === returnId);
  if (existing) {
    if (existing.orderId !== orderId) throw new ApiException(409, 'order_mismatch', `return ${returnId} belongs to another order`, 'returnId');
    // The same request again (a retry that lost its key): answer with the return as it is now.
    const same =
      existing.lines.length === lines.length &&
      lines.every((l, i) => {
        const e = existing.lines[i];
        return e && e.returnLineId === l.returnLineId && e.orderLineId === l.orderLineId && e.quantity === l.quantity && e.reason === l.reason;
      });
    if (!same) throw new ApiException(409, 'conflict', `return ${returnId} already exists with other lines`, 'returnId');
    return { status: 200, body: toReturnView(existing, state.order.currency) };
  }

  const commands: ReturnCommand[] = lines.map((l) => ({
    type: 'request_return_line',
    orderId: orderId as ReturnView['orderId'],
    returnId,
    returnLineId: l.returnLineId,
    orderLineId: l.orderLineId as LineId,
    quantity: l.quantity,
    reason: l.reason,
  }));
  const decision = decide(state, commands, now.toISOString());
  if (!decision.ok) {
    const { code } = decision.refusal;
    const http = REFUSAL_HTTP[code] ?? { status: 422 as const };
    throw new ApiException(
      http.status,
      isApiErrorCode(code) ? code : 'conflict',
      decision.refusal.message,
      http.field ? `lines.${decision.index}.${http.field}` : 'returnId',
    );
  }
  await commitDecision(tx, { tenantId: channel.tenantId, now, source: `channel:${channel.channel}`, commandId: null }, state, loaded.order, decision);
  const created = decision.state.returns.find((r) => r.id === returnId);
  if (!created) throw new Error(`return ${returnId} missing after its request was accepted`);
  return { status: 201, body: toReturnView(created, state.order.currency) };
}

/** Every return of one of the channel's orders, oldest first; null when the order is unknown to the channel. */
export async function listReturns(db: Db, channel: ChannelPrincipal, orderId: string): Promise<ReturnView[] | null> {
  const { rows } = await db.query<{ channel: string; currency: string | null }>('SELECT channel, currency FROM orders WHERE tenant_id = $1 AND id = $2', [
    channel.tenantId,
    orderId,
  ]);
  const order = rows[0];
  if (!order || order.channel !== channel.channel) return null;
  const returns = await loadReturns(db, channel.tenantId, { orderId });
  return returns.map((r) => toReturnView(r, order.currency ?? ''));
}
