import { gtinCheckDigit } from '@aisle/domain';
import { issueAdminKey } from '../auth/associates.ts';
import type { Db } from '../storage/db.ts';
import { issueChannelKey, provisionTenant, type LocationSpec } from '../tenants/provision.ts';

/**
 * The store-replica benchmark tenant (`AISLE_DEMO_SCALE=store`, used by
 * `bench/sync.bench.ts`): one large store whose device replica holds 20,000
 * stock levels and 2,000 fulfilment orders, plus the tenant's 20,000 products
 * and its three locations.
 *
 * Every row is written by a handful of multi-row `INSERT … SELECT` statements
 * over `generate_series` in one transaction, so it takes seconds on PGlite; a
 * row-at-a-time seed (or 2,000 captures through routing) would take minutes.
 * Stock, product and location rows get their replica position from the
 * migration-0011 triggers; fulfilment orders get a `replica_changes` row each,
 * as `markChanged` writes. All of them share the seed's one transaction id, so
 * a pull orders them by key within it.
 *
 * The orders carry no reservations (stock `reserved` stays 0, which keeps the
 * "reserved = Σ live reservations" rule true): the tenant exists to measure
 * replication and live hints, not picking.
 */
export const BENCH_STORE_TENANT = 'bench-store';
export const BENCH_STORE_LOCATION = 'bs-store';
export const BENCH_STORE_PRODUCTS = 20_000;
export const BENCH_STORE_ORDERS = 2_000;

export const BENCH_STORE_LOCATIONS: readonly LocationSpec[] = [
  {
    id: BENCH_STORE_LOCATION, name: 'Bench Store Oxford Street', kind: 'store', region: 'GB', postalCode: 'W1D 1AN',
    geo: { lat: 51.515, lon: -0.141 }, dailyCapacity: 10_000_000, handlingCostPerOrder: 250, handlingCostPerUnit: 40, priority: 1,
  },
  {
    id: 'bs-store-2', name: 'Bench Store Croydon', kind: 'store', region: 'GB', postalCode: 'CR0 1LF',
    geo: { lat: 51.373, lon: -0.099 }, dailyCapacity: 10_000_000, handlingCostPerOrder: 250, handlingCostPerUnit: 40, priority: 1,
  },
  {
    id: 'bs-wh', name: 'Bench Warehouse Thurrock', kind: 'warehouse', region: 'GB', postalCode: 'RM20 3LP',
    geo: { lat: 51.48, lon: 0.28 }, dailyCapacity: 10_000_000, handlingCostPerOrder: 120, handlingCostPerUnit: 15,
  },
];

export interface BenchStoreCredentials {
  benchStoreAdminKey: string;
  benchStoreChannelKey: string;
}

/** GTIN-13 in the in-store prefix 20–29 (never a real product), numbered apart from the demo and bench tenants. */
function gtin(n: number): string {
  const body = `20${String(n).padStart(10, '0')}`;
  return body + gtinCheckDigit(body);
}

/**
 * Creates the tenant on a database that has none, and returns its admin and web
 * channel keys: the saved ones when the tenant already existed (the plaintext
 * lives only in demo-credentials.json), otherwise freshly issued.
 */
export async function ensureBenchStore(db: Db, now: Date, saved: Partial<BenchStoreCredentials> | null): Promise<BenchStoreCredentials> {
  const { rows } = await db.query('SELECT 1 FROM tenants WHERE id = $1', [BENCH_STORE_TENANT]);
  if (rows.length === 0) await seed(db, now);
  const fresh = rows.length === 0;
  return {
    benchStoreAdminKey: !fresh && saved?.benchStoreAdminKey ? saved.benchStoreAdminKey : await issueAdminKey(db, BENCH_STORE_TENANT),
    benchStoreChannelKey: !fresh && saved?.benchStoreChannelKey ? saved.benchStoreChannelKey : await issueChannelKey(db, BENCH_STORE_TENANT, 'web'),
  };
}

async function seed(db: Db, now: Date): Promise<void> {
  const t = BENCH_STORE_TENANT;
  const at = now.toISOString();
  // The SQL numbers products 1…20,000 as BS-00001…; the order lines below pick SKUs by that number.
  const sku = (n: string) => `'BS-' || lpad((${n})::text, 5, '0')`;
  await db.transaction(async (tx) => {
    await provisionTenant(tx, { id: t, name: 'Aisle Bench Store', locations: BENCH_STORE_LOCATIONS, products: [] });
    await tx.query(
      `INSERT INTO products (tenant_id, sku, name, gtin)
       SELECT $1, ${sku('g.n')}, 'Store bench product ' || g.n, ($2::text[])[g.n] FROM generate_series(1, $3::int) AS g(n)`,
      [t, Array.from({ length: BENCH_STORE_PRODUCTS }, (_, i) => gtin(700_001 + i)), BENCH_STORE_PRODUCTS],
    );
    await tx.query(
      `INSERT INTO stock_levels (tenant_id, location_id, sku, on_hand, safety_stock, updated_at)
       SELECT $1, $2, ${sku('g.n')}, 20 + g.n % 80, g.n % 3, $4 FROM generate_series(1, $3::int) AS g(n)`,
      [t, BENCH_STORE_LOCATION, BENCH_STORE_PRODUCTS, at],
    );

    // Order o (1…2,000) has 1 + o % 3 lines; line k takes product ((7o + 3001k) mod 20,000) + 1, distinct within an order.
    // Ids are md5-derived UUIDs, so a reseed names the same documents; created_at spreads over the last ~33 hours.
    const orderId = (o: string) => `md5('bench-store-order-' || ${o})::uuid::text`;
    const foId = (o: string) => `md5('bench-store-fo-' || ${o})::uuid::text`;
    const orders = `generate_series(1, $2::int) AS g(o)`;
    const lines = `generate_series(1, $2::int) AS g(o) CROSS JOIN LATERAL generate_series(0, g.o % 3) AS k(k)`;
    const product = `((7 * g.o + 3001 * k.k) % ${BENCH_STORE_PRODUCTS}) + 1`;
    const created = `$3::timestamptz - (g.o * interval '1 minute')`;
    await tx.query(
      `INSERT INTO orders (tenant_id, id, order_number, channel, external_id, delivery_method, customer_first_name, customer_last_name,
                           customer_email, pickup_location_id, currency, created_at)
       SELECT $1, ${orderId('g.o')}, 'BS-' || lpad(g.o::text, 6, '0'), 'web', 'BSWEB-' || g.o, 'pickup',
              (ARRAY['Ada', 'Grace', 'Alan', 'Katherine', 'Edsger', 'Barbara'])[1 + g.o % 6], 'Shopper ' || g.o,
              'shopper' || g.o || '@example.com', $4, 'GBP', ${created}
         FROM ${orders}`,
      [t, BENCH_STORE_ORDERS, at, BENCH_STORE_LOCATION],
    );
    await tx.query(
      `INSERT INTO order_lines (tenant_id, order_id, line_id, sku, quantity, delivery_method, unit_price_minor)
       SELECT $1, ${orderId('g.o')}, 'L' || lpad((k.k + 1)::text, 3, '0'), ${sku(product)}, 1 + (g.o + k.k) % 3, 'pickup', 1299
         FROM ${lines}`,
      [t, BENCH_STORE_ORDERS],
    );
    await tx.query(
      `INSERT INTO fulfilment_orders (tenant_id, id, order_id, location_id, delivery_method, status, version, created_at, updated_at)
       SELECT $1, ${foId('g.o')}, ${orderId('g.o')}, $4, 'pickup', 'assigned', 1, ${created}, ${created}
         FROM ${orders}`,
      [t, BENCH_STORE_ORDERS, at, BENCH_STORE_LOCATION],
    );
    await tx.query(
      `INSERT INTO fulfilment_order_lines (tenant_id, fulfilment_order_id, line_id, sku, gtin, name, quantity)
       SELECT $1, ${foId('g.o')}, 'L' || lpad((k.k + 1)::text, 3, '0'), p.sku, p.gtin, p.name, 1 + (g.o + k.k) % 3
         FROM ${lines}
         JOIN products p ON p.tenant_id = $1 AND p.sku = ${sku(product)}`,
      [t, BENCH_STORE_ORDERS],
    );
    await tx.query(
      `INSERT INTO fulfilment_events (tenant_id, fulfilment_order_id, type, payload, at)
       SELECT $1, ${foId('g.o')}, 'assigned', jsonb_build_object('locationId', $4::text, 'deliveryMethod', 'pickup'), ${created}
         FROM ${orders}`,
      [t, BENCH_STORE_ORDERS, at, BENCH_STORE_LOCATION],
    );
    // What markChanged writes for each document, in bulk.
    await tx.query(
      `INSERT INTO replica_changes (tenant_id, location_id, collection, doc_id, txid, deleted)
       SELECT $1, $3, 'fulfilment_orders', ${foId('g.o')}, pg_current_xact_id(), false FROM ${orders}`,
      [t, BENCH_STORE_ORDERS, BENCH_STORE_LOCATION],
    );
  });
  // A bulk load wants fresh statistics (PostgreSQL's advice after one). PGlite has no autovacuum, so without this its
  // planner would never learn the tables hold rows: it estimated 6 products and sorted all 20,000 of them for every
  // page instead of reading 1,000 in index order. Long-running PGlite servers have the same blind spot.
  await db.exec('ANALYZE tenants, locations, products, stock_levels, orders, order_lines, fulfilment_orders, fulfilment_order_lines, fulfilment_events, replica_changes');
}
