import type { Fixture } from './fixture.ts';

/** Makes exactly `available` units free to promise, whatever earlier tests reserved. */
export async function setAvailable(f: Fixture, locationId: string, sku: string, available: number) {
  await f.db.query('UPDATE stock_levels SET on_hand = reserved + $3, safety_stock = 0 WHERE tenant_id = $4 AND location_id = $1 AND sku = $2', [
    locationId,
    sku,
    available,
    't1',
  ]);
}

export async function level(f: Fixture, locationId: string, sku: string) {
  const { rows } = await f.db.query<{ on_hand: number; reserved: number; ledger: number }>(
    `SELECT s.on_hand, s.reserved,
            (SELECT COALESCE(sum(quantity), 0)::int FROM reservations r
              WHERE r.tenant_id = s.tenant_id AND r.location_id = s.location_id AND r.sku = s.sku AND r.status = 'live') AS ledger
       FROM stock_levels s WHERE s.tenant_id = 't1' AND s.location_id = $1 AND s.sku = $2`,
    [locationId, sku],
  );
  return rows[0]!;
}
