import { randomUUID } from 'node:crypto';
import { ApiException } from '../http/errors.ts';
import { CHECK_VIOLATION, sqlState, type Sql } from '../storage/db.ts';
import { byLevel } from './reservations.ts';

export interface SnapshotItem {
  sku: string;
  onHand: number;
  safetyStock?: number | undefined;
  channelBuffers?: Record<string, number> | undefined;
}

async function assertKnown(tx: Sql, tenantId: string, locationId: string, skus: readonly string[], field: (i: number) => string) {
  const loc = await tx.query('SELECT 1 FROM locations WHERE tenant_id = $1 AND id = $2', [tenantId, locationId]);
  if (loc.rows.length === 0) throw new ApiException(404, 'not_found', `no location ${locationId}`, 'locationId');
  const { rows } = await tx.query<{ sku: string }>('SELECT sku FROM products WHERE tenant_id = $1 AND sku = ANY($2::text[])', [
    tenantId,
    [...skus],
  ]);
  const known = new Set(rows.map((r) => r.sku));
  const missing = skus.findIndex((s) => !known.has(s));
  if (missing >= 0) throw new ApiException(422, 'unknown_reference', `unknown SKU ${skus[missing]}`, field(missing));
}

/**
 * A location's full count from its system of record: listed SKUs get the
 * counted on-hand, SKUs not listed drop to zero. Reservations are untouched;
 * if on-hand falls below what is reserved, ATP is zero and the shortage shows
 * in the stock level (reserved > onHand) for rerouting.
 */
export async function putSnapshot(tx: Sql, tenantId: string, locationId: string, items: readonly SnapshotItem[], now: Date, source: string) {
  await assertKnown(tx, tenantId, locationId, items.map((i) => i.sku), (i) => `items.${i}.sku`);
  const at = now.toISOString();
  const { rows: before } = await tx.query<{ sku: string; on_hand: number }>(
    'SELECT sku, on_hand FROM stock_levels WHERE tenant_id = $1 AND location_id = $2 ORDER BY sku FOR UPDATE',
    [tenantId, locationId],
  );
  const previous = new Map(before.map((r) => [r.sku, r.on_hand]));
  const listed = new Set(items.map((i) => i.sku));
  const targets = [
    ...items.map((i) => ({ ...i })),
    ...before.filter((r) => !listed.has(r.sku)).map((r) => ({ sku: r.sku, onHand: 0, safetyStock: undefined, channelBuffers: undefined })),
  ].sort((a, b) => (a.sku < b.sku ? -1 : 1));
  // Levels that did not exist go in with one statement (a full count of thousands of SKUs stays one round trip);
  // one that a concurrent feed created meanwhile is not returned and takes the row-at-a-time upsert below.
  const fresh = targets.filter((t) => !previous.has(t.sku));
  const inserted = new Set<string>();
  if (fresh.length > 0) {
    const { rows } = await tx.query<{ sku: string }>(
      `INSERT INTO stock_levels (tenant_id, location_id, sku, on_hand, safety_stock, channel_buffers, updated_at)
       SELECT $1, $2, t.sku, t.on_hand, COALESCE(t.safety_stock, 0), COALESCE(t.channel_buffers::jsonb, '{}'), $7
         FROM unnest($3::text[], $4::int[], $5::int[], $6::text[]) WITH ORDINALITY AS t(sku, on_hand, safety_stock, channel_buffers, n)
        ORDER BY t.n
       ON CONFLICT (tenant_id, location_id, sku) DO NOTHING
       RETURNING sku`,
      [tenantId, locationId, fresh.map((t) => t.sku), fresh.map((t) => t.onHand), fresh.map((t) => t.safetyStock ?? null),
        fresh.map((t) => (t.channelBuffers ? JSON.stringify(t.channelBuffers) : null)), at],
    );
    for (const r of rows) inserted.add(r.sku);
  }
  for (const t of targets) {
    if (inserted.has(t.sku)) continue;
    await tx.query(
      `INSERT INTO stock_levels (tenant_id, location_id, sku, on_hand, safety_stock, channel_buffers, updated_at)
       VALUES ($1, $2, $3, $4, COALESCE($5, 0), COALESCE($6::jsonb, '{}'), $7)
       ON CONFLICT (tenant_id, location_id, sku) DO UPDATE
         SET on_hand = EXCLUDED.on_hand,
             safety_stock = COALESCE($5, stock_levels.safety_stock),
             channel_buffers = COALESCE($6::jsonb, stock_levels.channel_buffers),
             updated_at = EXCLUDED.updated_at`,
      [tenantId, locationId, t.sku, t.onHand, t.safetyStock ?? null, t.channelBuffers ? JSON.stringify(t.channelBuffers) : null, at],
    );
  }
  const moved = targets.filter((t) => t.onHand - (previous.get(t.sku) ?? 0) !== 0);
  if (moved.length > 0) {
    await tx.query(
      `INSERT INTO stock_movements (tenant_id, id, location_id, sku, delta, reason, source, at)
       SELECT $1, t.id, $2, t.sku, t.delta, 'snapshot', $6, $7 FROM unnest($3::text[], $4::text[], $5::int[]) AS t(id, sku, delta)`,
      [tenantId, locationId, moved.map(() => randomUUID()), moved.map((t) => t.sku), moved.map((t) => t.onHand - (previous.get(t.sku) ?? 0)), source, at],
    );
  }
  return { updated: targets.length };
}

export interface StockDelta {
  id: string;
  locationId: string;
  sku: string;
  delta: number;
  reason: string;
}

/**
 * Signed changes to on-hand (receipts, sales elsewhere, damage). Each delta
 * has an id: a delta already applied is skipped, so a feed can resend a batch
 * after a timeout. A delta that would take on-hand below zero is refused and
 * the whole batch rolls back.
 */
export async function applyDeltas(tx: Sql, tenantId: string, deltas: readonly StockDelta[], now: Date, source: string) {
  const at = now.toISOString();
  let applied = 0;
  const sorted = deltas.map((d, i) => ({ d, i })).sort((a, b) => byLevel(a.d, b.d) || a.i - b.i);
  for (const { d, i } of sorted) {
    await assertKnown(tx, tenantId, d.locationId, [d.sku], () => `deltas.${i}.sku`).catch((e: unknown) => {
      if (e instanceof ApiException && e.field === 'locationId') throw new ApiException(422, 'unknown_reference', e.message, `deltas.${i}.locationId`);
      throw e;
    });
    const fresh = await tx.query(
      `INSERT INTO stock_movements (tenant_id, id, location_id, sku, delta, reason, source, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
      [tenantId, d.id, d.locationId, d.sku, d.delta, d.reason, source, at],
    );
    if (fresh.rows.length === 0) continue;
    try {
      // UPDATE first: an INSERT … ON CONFLICT checks CHECK constraints on the
      // proposed row, so a negative delta would fail even for an existing level.
      const updated = await tx.query(
        `UPDATE stock_levels SET on_hand = on_hand + $4, updated_at = $5 WHERE tenant_id = $1 AND location_id = $2 AND sku = $3 RETURNING 1`,
        [tenantId, d.locationId, d.sku, d.delta, at],
      );
      if (updated.rows.length === 0) {
        // A concurrent feed may create the level first: then add to theirs.
        const inserted = await tx.query(
          `INSERT INTO stock_levels (tenant_id, location_id, sku, on_hand, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [tenantId, d.locationId, d.sku, d.delta, at],
        );
        if (inserted.rows.length === 0) {
          await tx.query(`UPDATE stock_levels SET on_hand = on_hand + $4, updated_at = $5 WHERE tenant_id = $1 AND location_id = $2 AND sku = $3`, [
            tenantId, d.locationId, d.sku, d.delta, at,
          ]);
        }
      }
    } catch (e) {
      // The CHECK (on_hand >= 0) refused it; the transaction is aborted either way.
      if (sqlState(e) !== CHECK_VIOLATION) throw e;
      throw new ApiException(422, 'invalid_body', `delta ${d.id} would take on-hand of ${d.sku} at ${d.locationId} below zero`, `deltas.${i}.delta`);
    }
    applied++;
  }
  return { applied, skipped: deltas.length - applied };
}
