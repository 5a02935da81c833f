import { randomUUID } from 'node:crypto';
import type { Sql } from '../storage/db.ts';

/**
 * The one lock order for stock rows, (location, sku): every writer that locks
 * several levels sorts by it, so two transactions never wait on each other in a cycle.
 */
export function byLevel(a: { locationId: string; sku: string }, b: { locationId: string; sku: string }): number {
  if (a.locationId !== b.locationId) return a.locationId < b.locationId ? -1 : 1;
  return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
}

export interface ReservationRequest {
  locationId: string;
  sku: string;
  quantity: number;
  kind: 'order' | 'cart_hold';
  orderId?: string;
  lineId?: string;
  fulfilmentOrderId?: string;
  expiresAt?: string;
}

export type ReserveOutcome =
  | { ok: true; reservationIds: string[] }
  | { ok: false; failed: ReservationRequest; available: number };

/**
 * Reserves every request or none (the caller's transaction rolls back on a
 * failure it cannot route around). Rows are locked in (location, sku) order so
 * two orders touching the same SKUs can never deadlock each other.
 *
 * The conditional UPDATE is the no-oversell guarantee: the row is locked, the
 * condition is re-checked against the committed value, and only then is
 * `reserved` raised. The ledger row is written in the same transaction.
 */
export async function reserveAll(tx: Sql, tenantId: string, requests: readonly ReservationRequest[], now: Date): Promise<ReserveOutcome> {
  const ordered = [...requests].sort(byLevel);
  const ids: string[] = [];
  for (const r of ordered) {
    const { rows } = await tx.query(
      `UPDATE stock_levels SET reserved = reserved + $4, updated_at = $5
        WHERE tenant_id = $1 AND location_id = $2 AND sku = $3 AND on_hand - reserved - safety_stock >= $4
        RETURNING reserved`,
      [tenantId, r.locationId, r.sku, r.quantity, now.toISOString()],
    );
    if (rows.length === 0) {
      const { rows: level } = await tx.query<{ available: number }>(
        `SELECT GREATEST(on_hand - reserved - safety_stock, 0)::int AS available FROM stock_levels
          WHERE tenant_id = $1 AND location_id = $2 AND sku = $3`,
        [tenantId, r.locationId, r.sku],
      );
      return { ok: false, failed: r, available: level[0]?.available ?? 0 };
    }
    const id = randomUUID();
    await tx.query(
      `INSERT INTO reservations (tenant_id, id, location_id, sku, quantity, kind, order_id, line_id, fulfilment_order_id, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [tenantId, id, r.locationId, r.sku, r.quantity, r.kind, r.orderId ?? null, r.lineId ?? null, r.fulfilmentOrderId ?? null,
        r.expiresAt ?? null, now.toISOString()],
    );
    ids.push(id);
  }
  return { ok: true, reservationIds: ids };
}

/**
 * Closes live reservations (release on cancel, consume on ship/handoff, expire
 * for stale cart holds) and gives their units back — or, for `consumed`, takes
 * them off the shelf. Already-closed reservations are left alone, so a retry
 * never releases twice. Returns the (location, sku) pairs touched.
 */
export async function closeReservations(
  tx: Sql,
  tenantId: string,
  where: { reservationIds?: readonly string[]; orderId?: string; fulfilmentOrderId?: string },
  status: 'released' | 'consumed' | 'expired',
  now: Date,
): Promise<{ locationId: string; sku: string; quantity: number }[]> {
  const { rows } = await tx.query<{ location_id: string; sku: string; quantity: number }>(
    `UPDATE reservations SET status = $2, closed_at = $3
      WHERE tenant_id = $1 AND status = 'live'
        AND ($4::text[] IS NULL OR id = ANY($4::text[]))
        AND ($5::text IS NULL OR order_id = $5)
        AND ($6::text IS NULL OR fulfilment_order_id = $6)
      RETURNING location_id, sku, quantity`,
    [tenantId, status, now.toISOString(), where.reservationIds ? [...where.reservationIds] : null, where.orderId ?? null,
      where.fulfilmentOrderId ?? null],
  );
  const perLevel = new Map<string, { locationId: string; sku: string; quantity: number }>();
  for (const r of rows) {
    const key = `${r.location_id}\u0000${r.sku}`;
    const entry = perLevel.get(key) ?? { locationId: r.location_id, sku: r.sku, quantity: 0 };
    entry.quantity += r.quantity;
    perLevel.set(key, entry);
  }
  const levels = [...perLevel.values()].sort(byLevel);
  for (const l of levels) {
    await tx.query(
      `UPDATE stock_levels SET reserved = reserved - $4, on_hand = on_hand - $5, updated_at = $6
        WHERE tenant_id = $1 AND location_id = $2 AND sku = $3`,
      [tenantId, l.locationId, l.sku, l.quantity, status === 'consumed' ? l.quantity : 0, now.toISOString()],
    );
  }
  return levels;
}

/**
 * Releases cart holds whose time ran out, for one tenant (optionally only some
 * SKUs: capture sweeps the SKUs it is about to route, so a stale hold never
 * blocks an order). Safe to run from several instances at once: a hold is
 * closed by exactly one of them.
 */
export async function expireCartHolds(tx: Sql, tenantId: string, now: Date, skus?: readonly string[]): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM reservations
      WHERE tenant_id = $1 AND status = 'live' AND kind = 'cart_hold' AND expires_at <= $2
        AND ($3::text[] IS NULL OR sku = ANY($3::text[]))`,
    [tenantId, now.toISOString(), skus ? [...skus] : null],
  );
  if (rows.length === 0) return 0;
  const closed = await closeReservations(tx, tenantId, { reservationIds: rows.map((r) => r.id) }, 'expired', now);
  return closed.reduce((n, l) => n + l.quantity, 0);
}

/** Tenants with holds past their time: what the periodic sweeper visits. */
export async function tenantsWithExpiredHolds(db: Sql, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ tenant_id: string }>(
    `SELECT DISTINCT tenant_id FROM reservations WHERE status = 'live' AND kind = 'cart_hold' AND expires_at <= $1`,
    [now.toISOString()],
  );
  return rows.map((r) => r.tenant_id);
}
