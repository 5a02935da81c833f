import { randomUUID } from 'node:crypto';
import { ApiException } from '../http/errors.ts';
import type { Db, Sql } from '../storage/db.ts';

export interface CartHold {
  tenantId: string;
  locationId: string;
  sku: string;
  quantity: number;
  expiresAt: string;
  /** When the request arrived: the hold's `created_at`. */
  now: Date;
}

export type CartHoldOutcome = { ok: true; reservationId: string } | { ok: false; available: number };

interface Waiting {
  hold: CartHold;
  resolve: (outcome: CartHoldOutcome) => void;
  reject: (error: unknown) => void;
}

/** Bounds one statement's arrays; a longer queue is served in several transactions. */
const MAX_BATCH = 256;

/**
 * Cart holds on one stock row, served as a group commit. A hold updates its
 * (location, sku) row and keeps that row locked until its commit has waited
 * for the WAL flush, so holds on a popular SKU queue on the lock one commit at
 * a time. Here, while one transaction for a row is in flight, later holds for
 * that row wait in memory and then go together in the next transaction: one
 * row lock, one conditional UPDATE by their total, one multi-row ledger insert,
 * one commit. Each hold still gets its own answer, decided in arrival order
 * as if it had come alone (a hold that does not fit is refused with what was
 * left at its turn, and does not stop a smaller one after it).
 *
 * The batching is per process only; correctness does not depend on it: the
 * row is locked and re-read inside the transaction, and the UPDATE is
 * conditional, so several instances on one PostgreSQL never oversell together.
 */
export class CartHoldBatcher {
  readonly #db: Db;
  readonly #queues = new Map<string, Waiting[]>();

  constructor(db: Db) {
    this.#db = db;
  }

  hold(hold: CartHold): Promise<CartHoldOutcome> {
    const key = `${hold.tenantId}\u0000${hold.locationId}\u0000${hold.sku}`;
    return new Promise((resolve, reject) => {
      const queue = this.#queues.get(key);
      if (queue) {
        queue.push({ hold, resolve, reject });
        return;
      }
      const fresh: Waiting[] = [{ hold, resolve, reject }];
      this.#queues.set(key, fresh);
      void this.#drain(key, fresh);
    });
  }

  /** Serves the row's queue until it is empty; only one drain per row runs at a time. */
  async #drain(key: string, queue: Waiting[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const outcomes = await this.#db.transaction((tx) => reserveCartHolds(tx, batch.map((w) => w.hold)));
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.#queues.delete(key);
  }
}

/**
 * Reserves cart holds on one (location, sku), all in the caller's transaction:
 * the row is locked and read first (READ COMMITTED returns the latest committed
 * version once the lock is granted), the holds are decided in order against
 * it, and the accepted ones are written in one statement whose UPDATE re-checks
 * their total.
 */
export async function reserveCartHolds(tx: Sql, holds: readonly CartHold[]): Promise<CartHoldOutcome[]> {
  const first = holds[0];
  if (!first) return [];
  const { tenantId, locationId, sku } = first;
  const { rows } = await tx.query<{ available: number }>(
    `SELECT on_hand - reserved - safety_stock AS available FROM stock_levels
      WHERE tenant_id = $1 AND location_id = $2 AND sku = $3 FOR UPDATE`,
    [tenantId, locationId, sku],
  );
  if (!rows[0]) {
    // A stock row implies its location (foreign key); without one the location may not exist at all.
    const known = await tx.query('SELECT 1 FROM locations WHERE tenant_id = $1 AND id = $2', [tenantId, locationId]);
    if (known.rows.length === 0) throw new ApiException(422, 'unknown_reference', `no location ${locationId}`, 'locationId');
    return holds.map(() => ({ ok: false, available: 0 }));
  }
  let remaining = rows[0].available;
  const accepted: { id: string; hold: CartHold }[] = [];
  const outcomes = holds.map((hold): CartHoldOutcome => {
    if (remaining < hold.quantity) return { ok: false, available: Math.max(remaining, 0) };
    remaining -= hold.quantity;
    const id = randomUUID();
    accepted.push({ id, hold });
    return { ok: true, reservationId: id };
  });
  if (accepted.length === 0) return outcomes;

  const total = accepted.reduce((n, a) => n + a.hold.quantity, 0);
  const latest = accepted.reduce((t, a) => Math.max(t, a.hold.now.getTime()), 0);
  const { rows: written } = await tx.query<{ n: number }>(
    `WITH upd AS (
       UPDATE stock_levels SET reserved = reserved + $4, updated_at = $5
        WHERE tenant_id = $1 AND location_id = $2 AND sku = $3 AND on_hand - reserved - safety_stock >= $4
        RETURNING 1),
     ins AS (
       INSERT INTO reservations (tenant_id, id, location_id, sku, quantity, kind, expires_at, created_at)
       SELECT $1, x.id, $2, $3, x.quantity, 'cart_hold', x.expires_at, x.created_at
         FROM unnest($6::text[], $7::int[], $8::timestamptz[], $9::timestamptz[]) AS x(id, quantity, expires_at, created_at), upd)
     SELECT count(*)::int AS n FROM upd`,
    [
      tenantId,
      locationId,
      sku,
      total,
      new Date(latest).toISOString(),
      accepted.map((a) => a.id),
      accepted.map((a) => a.hold.quantity),
      accepted.map((a) => a.hold.expiresAt),
      accepted.map((a) => a.hold.now.toISOString()),
    ],
  );
  // The row is locked by this transaction since the read, so the re-check cannot fail unless something is badly wrong.
  if (written[0]?.n !== 1) throw new Error(`cart holds on ${locationId}/${sku}: the locked row no longer had ${total} units`);
  return outcomes;
}
