import {
  DEFAULT_RETURN_POLICY,
  ReturnPolicy,
  returnStatus,
  type LineRefund,
  type Return,
  type ReturnableOrderLine,
  type ReturnLine,
  type ReturnProduct,
  type ReturnsState,
} from '@aisle/domain';
import type { ReturnView } from '@aisle/domain/protocol';
import type { Sql } from '../storage/db.ts';

/** What the server knows about the order besides the domain's state. */
export interface OrderFacts {
  channel: string;
}

export type LoadedReturns =
  | { kind: 'loaded'; state: ReturnsState; order: OrderFacts }
  | { kind: 'order_not_found' }
  /** Captured without unit prices or currency: no refund can be computed, so no return is taken. */
  | { kind: 'order_not_priced'; order: OrderFacts };

/**
 * Locks the order row, then reads everything a return decision needs, in the
 * caller's transaction. Every writer of returns takes this lock first, so two
 * devices (or a device and the channel) cannot both hand out the last
 * returnable unit (RQ2). The lock is taken by its own statement and the reads
 * follow: in READ COMMITTED a statement that waited for a lock would otherwise
 * read with its older snapshot (CONTRIBUTING, "Read after you lock").
 *
 * `alsoReturnId` names a return the command refers to: loaded even when it
 * belongs to another order, so the domain answers `order_mismatch` rather
 * than the insert failing on the key.
 */
export async function loadReturnsState(
  tx: Sql,
  tenantId: string,
  orderId: string,
  opts: { alsoReturnId?: string } = {},
): Promise<LoadedReturns> {
  const locked = await tx.query('SELECT 1 FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, orderId]);
  if (locked.rows.length === 0) return { kind: 'order_not_found' };
  const { rows: orderRows } = await tx.query<{ channel: string; currency: string | null; order_discount_minor: string | number; shipping_minor: string | number }>(
    'SELECT channel, currency, order_discount_minor, shipping_minor FROM orders WHERE tenant_id = $1 AND id = $2',
    [tenantId, orderId],
  );
  const orderRow = orderRows[0];
  if (!orderRow) return { kind: 'order_not_found' };
  const order: OrderFacts = { channel: orderRow.channel };

  const { rows: lineRows } = await tx.query<{
    line_id: string;
    sku: string;
    quantity: number;
    unit_price_minor: number | null;
    line_discount_minor: string | number;
  }>(
    'SELECT line_id, sku, quantity, unit_price_minor, line_discount_minor FROM order_lines WHERE tenant_id = $1 AND order_id = $2 ORDER BY line_id',
    [tenantId, orderId],
  );
  if (orderRow.currency === null || lineRows.some((l) => l.unit_price_minor === null)) return { kind: 'order_not_priced', order };

  const fulfilled = await fulfilledUnits(tx, tenantId, orderId);
  const lines = lineRows.map((l): ReturnableOrderLine => {
    const f = fulfilled.get(l.line_id);
    return {
      orderLineId: l.line_id as ReturnableOrderLine['orderLineId'],
      sku: l.sku as ReturnableOrderLine['sku'],
      quantity: l.quantity as ReturnableOrderLine['quantity'],
      unitPriceMinor: l.unit_price_minor ?? 0,
      lineDiscountMinor: Number(l.line_discount_minor),
      // A line split over fulfilment orders cannot hand out more than was ordered.
      fulfilledQuantity: Math.min(f?.units ?? 0, l.quantity),
      fulfilledAt: f && f.units > 0 ? f.at : null,
    };
  });

  const { rows: productRows } = await tx.query<{ sku: string; category: ReturnProduct['category']; returnable: boolean; return_window_days: number | null }>(
    'SELECT sku, category, returnable, return_window_days FROM products WHERE tenant_id = $1 AND sku = ANY($2::text[])',
    [tenantId, [...new Set(lineRows.map((l) => l.sku))]],
  );
  const products = productRows.map(
    (p): ReturnProduct => ({
      sku: p.sku as ReturnProduct['sku'],
      category: p.category,
      returnable: p.returnable,
      ...(p.return_window_days !== null ? { returnWindowDays: p.return_window_days } : {}),
    }),
  );

  return {
    kind: 'loaded',
    order,
    state: {
      order: {
        id: orderId as ReturnsState['order']['id'],
        currency: orderRow.currency,
        lines,
        orderDiscountMinor: Number(orderRow.order_discount_minor),
        shippingMinor: Number(orderRow.shipping_minor),
      },
      products,
      returns: await loadReturns(tx, tenantId, { orderId, ...(opts.alsoReturnId ? { returnId: opts.alsoReturnId } : {}) }),
      policy: await loadReturnPolicy(tx, tenantId),
    },
  };
}

/**
 * RQ1's "delivered or picked up", from the fulfilment orders: units in
 * packages that shipped, and units handed over at the counter (a late handoff
 * included: the customer has the goods). The server records no carrier
 * delivery yet, so a shipment's window starts when it left; the instant is
 * the latest that fulfilled any unit of the line (RF6).
 */
async function fulfilledUnits(tx: Sql, tenantId: string, orderId: string): Promise<Map<string, { units: number; at: string }>> {
  const { rows } = await tx.query<{
    packages: { packageId: string; lines: { lineId: string; quantity: number }[] }[];
    shipments: { packageIds: string[]; shippedAt: string }[];
    handoff: { at: string; lines: { lineId: string; handedOver: number }[] } | null;
  }>('SELECT packages, shipments, handoff FROM fulfilment_orders WHERE tenant_id = $1 AND order_id = $2 ORDER BY id', [tenantId, orderId]);
  const out = new Map<string, { units: number; at: string }>();
  const add = (lineId: string, units: number, at: string) => {
    if (units <= 0) return;
    const prev = out.get(lineId);
    const iso = new Date(at).toISOString();
    out.set(lineId, { units: (prev?.units ?? 0) + units, at: prev && prev.at > iso ? prev.at : iso });
  };
  for (const fo of rows) {
    const packages = new Map(fo.packages.map((p) => [p.packageId, p]));
    for (const shipment of fo.shipments) {
      for (const packageId of shipment.packageIds) {
        for (const line of packages.get(packageId)?.lines ?? []) add(line.lineId, line.quantity, shipment.shippedAt);
      }
    }
    const handoff = fo.handoff;
    if (handoff) for (const line of handoff.lines) add(line.lineId, line.handedOver, handoff.at);
  }
  return out;
}

/** The tenant's stored policy, else the domain's default. A stored policy that does not parse is an operator's error, not a client's. */
export async function loadReturnPolicy(tx: Sql, tenantId: string): Promise<ReturnPolicy> {
  const { rows } = await tx.query<{ policy: unknown }>('SELECT policy FROM return_policies WHERE tenant_id = $1', [tenantId]);
  const stored = rows[0];
  if (!stored) return DEFAULT_RETURN_POLICY;
  const parsed = ReturnPolicy.safeParse(typeof stored.policy === 'string' ? JSON.parse(stored.policy) : stored.policy);
  if (!parsed.success) throw new Error(`stored return policy of ${tenantId} does not parse: ${parsed.error.message}`);
  return parsed.data;
}

export interface ReturnRow {
  id: string;
  order_id: string;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
  lines: {
    returnLineId: string;
    orderLineId: string;
    sku: string;
    quantity: number;
    reason: string;
    status: string;
    requestedAt: string;
    receivedAt: string | null;
    receivedLocationId: string | null;
    condition: string | null;
    disposition: string | null;
    dispositionRuleId: string | null;
    refundMinor: number | string | null;
  }[];
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function toReturn(row: ReturnRow): Return {
  return {
    id: row.id as Return['id'],
    orderId: row.order_id as Return['orderId'],
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    lines: row.lines.map(
      (l) =>
        ({
          returnLineId: l.returnLineId,
          orderLineId: l.orderLineId,
          sku: l.sku,
          quantity: l.quantity,
          reason: l.reason,
          status: l.status,
          requestedAt: iso(l.requestedAt),
          ...(l.receivedAt !== null ? { receivedAt: iso(l.receivedAt) } : {}),
          ...(l.receivedLocationId !== null ? { receivedLocationId: l.receivedLocationId } : {}),
          ...(l.condition !== null ? { condition: l.condition } : {}),
          ...(l.disposition !== null ? { disposition: l.disposition } : {}),
          ...(l.dispositionRuleId !== null ? { dispositionRuleId: l.dispositionRuleId } : {}),
          ...(l.refundMinor !== null ? { refundMinor: Number(l.refundMinor) } : {}),
        }) as ReturnLine,
    ),
  };
}

export const RETURN_SELECT = `
  SELECT r.id, r.order_id, r.version, r.created_at, r.updated_at,
         (SELECT json_agg(json_build_object(
                   'returnLineId', l.return_line_id, 'orderLineId', l.order_line_id, 'sku', l.sku, 'quantity', l.quantity,
                   'reason', l.reason, 'status', l.status, 'requestedAt', l.requested_at, 'receivedAt', l.received_at,
                   'receivedLocationId', l.received_location_id, 'condition', l.condition, 'disposition', l.disposition,
                   'dispositionRuleId', l.disposition_rule_id, 'refundMinor', l.refund_minor) ORDER BY l.position)
            FROM return_lines l WHERE l.tenant_id = r.tenant_id AND l.return_id = r.id) AS lines
    FROM returns r`;

/** Every return of an order (and, when named, one more return whatever its order), oldest first. */
export async function loadReturns(tx: Sql, tenantId: string, which: { orderId: string; returnId?: string }): Promise<Return[]> {
  const { rows } = await tx.query<ReturnRow>(
    `${RETURN_SELECT} WHERE r.tenant_id = $1 AND (r.order_id = $2 OR r.id = $3) ORDER BY r.created_at, r.id`,
    [tenantId, which.orderId, which.returnId ?? null],
  );
  return rows.map(toReturn);
}

/** The order a return belongs to, or null: refund and cancel name only the return. */
export async function orderOfReturn(tx: Sql, tenantId: string, returnId: string): Promise<string | null> {
  const { rows } = await tx.query<{ order_id: string }>('SELECT order_id FROM returns WHERE tenant_id = $1 AND id = $2', [tenantId, returnId]);
  return rows[0]?.order_id ?? null;
}

/**
 * Writes the returns that changed between two states: the header, guarded by
 * the version it was read at (a mismatch means a writer skipped the order
 * lock, which is a bug), and the lines whose facts moved.
 */
export async function saveReturns(tx: Sql, tenantId: string, before: ReturnsState, after: ReturnsState, refunds: ReadonlyMap<string, LineRefund>): Promise<Return[]> {
  const saved: Return[] = [];
  for (const next of after.returns) {
    const prev = before.returns.find((r) => r.id === next.id);
    if (prev && prev.version === next.version) continue;
    if (prev) {
      const { rows } = await tx.query('UPDATE returns SET version = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2 AND version = $5 RETURNING id', [
        tenantId, next.id, next.version, next.updatedAt, prev.version,
      ]);
      if (rows.length === 0) throw new Error(`return ${next.id} changed under the order lock (expected version ${prev.version})`);
    } else {
      await tx.query('INSERT INTO returns (tenant_id, id, order_id, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        tenantId, next.id, next.orderId, next.version, next.createdAt, next.updatedAt,
      ]);
    }
    for (const [position, line] of next.lines.entries()) {
      const old = prev?.lines.find((l) => l.returnLineId === line.returnLineId);
      if (old && JSON.stringify(old) === JSON.stringify(line)) continue;
      const refund = refunds.get(`${next.id}/${line.returnLineId}`);
      // The full row every time: a line is rewritten whole, so its CHECKs see the final facts.
      await tx.query(
        `INSERT INTO return_lines (tenant_id, return_id, return_line_id, position, order_id, order_line_id, sku, quantity, reason, status,
                                   requested_at, received_at, received_location_id, condition, disposition, disposition_rule_id, refund_minor, refund)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (tenant_id, return_id, return_line_id) DO UPDATE SET
           quantity = EXCLUDED.quantity, reason = EXCLUDED.reason, status = EXCLUDED.status, received_at = EXCLUDED.received_at,
           received_location_id = EXCLUDED.received_location_id, condition = EXCLUDED.condition, disposition = EXCLUDED.disposition,
           disposition_rule_id = EXCLUDED.disposition_rule_id, refund_minor = EXCLUDED.refund_minor,
           refund = COALESCE(EXCLUDED.refund, return_lines.refund)`,
        [tenantId, next.id, line.returnLineId, position, next.orderId, line.orderLineId, line.sku, line.quantity, line.reason, line.status,
          line.requestedAt, line.receivedAt ?? null, line.receivedLocationId ?? null, line.condition ?? null, line.disposition ?? null,
          line.dispositionRuleId ?? null, line.refundMinor ?? null, refund ? JSON.stringify(refund) : null],
      );
    }
    saved.push(next);
  }
  return saved;
}

export function toReturnView(ret: Return, currency: string): ReturnView {
  return {
    ...ret,
    status: returnStatus(ret),
    refundedMinor: ret.lines.reduce((sum, l) => sum + (l.refundMinor ?? 0), 0),
    currency,
  };
}
