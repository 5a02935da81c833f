import { readFile, writeFile } from 'node:fs/promises';
import { ensureDemoPeople, type DemoPerson } from './people.ts';
import path from 'node:path';
import { gtinCheckDigit } from '@aisle/domain';
import { CaptureOrderRequest } from '@aisle/domain/protocol';
import { ensureDemoShopifyChannel } from '../channels/demo-shopify.ts'; // channels (issue 4)
import { issueEnrolmentCode } from '../devices/enrolment.ts';
import { hashSecret, normalizeEnrolmentCode } from '../secrets.ts';
import { issueChannelKey, provisionTenant, type LocationSpec } from '../tenants/provision.ts';
import { putSnapshot } from '../inventory/stock-feed.ts';
import type { Db } from '../storage/db.ts';
import { captureOrder } from '../orders/capture-order.ts';
import { ensureBenchStore, type BenchStoreCredentials } from './bench-store.ts';

export const DEMO_TENANT = 'demo';
export const DEMO_LOCATIONS: readonly LocationSpec[] = [
  {
    id: 'wh-central', name: 'Central Warehouse', kind: 'warehouse', region: 'England', postalCode: 'B46 1AA',
    geo: { lat: 52.51, lon: -1.69 }, dailyCapacity: 2000, cutoffLocalMinutes: 17 * 60, handlingCostPerOrder: 120, handlingCostPerUnit: 15,
  },
  {
    id: 'store-north', name: 'North Street Store', kind: 'store', region: 'England', postalCode: 'M1 1AE',
    geo: { lat: 53.48, lon: -2.24 }, dailyCapacity: 80, cutoffLocalMinutes: 15 * 60, handlingCostPerOrder: 250, handlingCostPerUnit: 40, priority: 1,
  },
  {
    id: 'store-south', name: 'South Mall Store', kind: 'store', region: 'England', postalCode: 'SW1A 1AA',
    geo: { lat: 51.5, lon: -0.14 }, dailyCapacity: 80, cutoffLocalMinutes: 15 * 60, handlingCostPerOrder: 250, handlingCostPerUnit: 40, priority: 1,
  },
];

/** GTIN-13 with the GS1 prefix 20–29, reserved for in-store numbering: valid, but never a real product. */
function demoGtin(n: number): string {
  const body = `20${String(n).padStart(10, '0')}`;
  return body + gtinCheckDigit(body);
}

export const DEMO_PRODUCTS = [
  ['MUG-STONE', 'Stoneware mug, 350 ml'],
  ['TEA-EARL', 'Earl Grey tea, 100 g'],
  ['KETTLE-1L', 'Glass kettle, 1 l'],
  ['TOWEL-LIN', 'Linen tea towel'],
  ['CANDLE-CED', 'Cedar candle'],
  ['SPOON-OAK', 'Oak spoon set'],
  ['BOWL-CER', 'Ceramic bowl, 16 cm'],
  ['COFFEE-ETH', 'Ethiopian coffee beans, 250 g'],
].map(([sku, name], i) => ({ sku: sku as string, name: name as string, gtin: demoGtin(1001 + i) }));

export interface DemoCredentials extends Partial<BenchStoreCredentials> {
  channelKey: string;
  enrolmentCodes: Record<string, string>;
  // Channels (issue 4): the demo Shopify shop's webhook secret and domain.
  shopifySecret: string;
  shopifyShopDomain: string;
  /** The tenant administrator's key (issues codes, keys and associates). */
  adminKey: string;
  /** Demo staff: badge barcode and PIN to sign in on a device. */
  people: DemoPerson[];
  /** Only with `AISLE_DEMO_SCALE=bench`: the web channel key of the benchmark tenant. */
  benchChannelKey?: string;
}

/**
 * The benchmark tenant (`AISLE_DEMO_SCALE=bench`, used by `bench/capture.bench.ts`):
 * a warehouse and nine stores across the UK, 2,000 SKUs `BENCH-00001`…`BENCH-02000`
 * with deep stock everywhere. Capacity is high and there are no cut-offs, so the
 * benchmark measures capture, routing and reservation rather than filters refusing.
 */
export const BENCH_TENANT = 'bench';
export const BENCH_SKUS = 2000;
export const BENCH_ON_HAND = 100_000;
const benchLocation = (id: string, name: string, kind: 'store' | 'warehouse', postalCode: string, lat: number, lon: number): LocationSpec => ({
  id, name, kind, region: 'GB', postalCode, geo: { lat, lon }, dailyCapacity: 10_000_000,
  handlingCostPerOrder: kind === 'warehouse' ? 120 : 250, handlingCostPerUnit: kind === 'warehouse' ? 15 : 40, priority: kind === 'warehouse' ? 0 : 1,
});
export const BENCH_LOCATIONS: readonly LocationSpec[] = [
  benchLocation('bench-wh', 'Bench Warehouse Midlands', 'warehouse', 'B46 1AA', 52.51, -1.69),
  benchLocation('bench-london', 'Bench Store London', 'store', 'SW1A 1AA', 51.5, -0.14),
  benchLocation('bench-manchester', 'Bench Store Manchester', 'store', 'M1 1AE', 53.48, -2.24),
  benchLocation('bench-leeds', 'Bench Store Leeds', 'store', 'LS1 1UR', 53.8, -1.55),
  benchLocation('bench-bristol', 'Bench Store Bristol', 'store', 'BS1 4DJ', 51.45, -2.59),
  benchLocation('bench-newcastle', 'Bench Store Newcastle', 'store', 'NE1 7RU', 54.97, -1.61),
  benchLocation('bench-glasgow', 'Bench Store Glasgow', 'store', 'G1 1XQ', 55.86, -4.25),
  benchLocation('bench-edinburgh', 'Bench Store Edinburgh', 'store', 'EH1 1YZ', 55.95, -3.19),
  benchLocation('bench-cardiff', 'Bench Store Cardiff', 'store', 'CF10 1EP', 51.48, -3.18),
  benchLocation('bench-norwich', 'Bench Store Norwich', 'store', 'NR2 1NH', 52.63, 1.3),
];

/** Creates the benchmark tenant on a database that has none; returns its channel key, or null when it already existed. */
async function seedBenchTenant(db: Db, now: Date): Promise<string | null> {
  const { rows } = await db.query('SELECT 1 FROM tenants WHERE id = $1', [BENCH_TENANT]);
  if (rows.length > 0) return null;
  const skus = Array.from({ length: BENCH_SKUS }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
  await db.transaction(async (tx) => {
    await provisionTenant(tx, { id: BENCH_TENANT, name: 'Aisle Bench', locations: BENCH_LOCATIONS, products: [] });
    // 2,000 products in one statement: provisionTenant's row-at-a-time insert is fine for a catalog of eight, slow here.
    await tx.query(
      `INSERT INTO products (tenant_id, sku, name, gtin)
       SELECT $1, s.sku, 'Bench product ' || s.sku, s.gtin FROM unnest($2::text[], $3::text[]) AS s(sku, gtin)`,
      [BENCH_TENANT, skus, skus.map((_, i) => demoGtin(500_001 + i))],
    );
    for (const l of BENCH_LOCATIONS) {
      await putSnapshot(tx, BENCH_TENANT, l.id, skus.map((sku) => ({ sku, onHand: BENCH_ON_HAND })), now, 'demo-bench');
    }
  });
  return issueChannelKey(db, BENCH_TENANT, 'web');
}

const DEMO_ORDERS: { externalId: string; first: string; last: string; store: string; lines: [string, number][] }[] = [
  { externalId: 'WEB-50001', first: 'Ada', last: 'Lovelace', store: 'store-north', lines: [['MUG-STONE', 2], ['TEA-EARL', 1]] },
  { externalId: 'WEB-50002', first: 'Grace', last: 'Hopper', store: 'store-north', lines: [['KETTLE-1L', 1]] },
  { externalId: 'WEB-50003', first: 'Alan', last: 'Turing', store: 'store-north', lines: [['CANDLE-CED', 1], ['TOWEL-LIN', 2], ['SPOON-OAK', 1]] },
  { externalId: 'WEB-50004', first: 'Katherine', last: 'Johnson', store: 'store-south', lines: [['BOWL-CER', 4], ['COFFEE-ETH', 1]] },
];

/**
 * Ensures the demo tenant exists and that every store has an unused enrolment
 * code, then writes `demo-credentials.json`. The plaintext key and codes live
 * only in that file (the database holds hashes), so a restart reuses them and
 * replaces only codes that were spent.
 */
export async function ensureDemo(db: Db, dataDir: string, now: Date, options: { scale?: 'default' | 'bench' | 'store' } = {}): Promise<DemoCredentials> {
  const file = path.join(dataDir, 'demo-credentials.json');
  const saved = await readFile(file, 'utf8').then((t) => JSON.parse(t) as DemoCredentials, () => null);
  const { rows } = await db.query('SELECT 1 FROM tenants WHERE id = $1', [DEMO_TENANT]);
  const fresh = rows.length === 0;

  if (fresh) {
    await db.transaction(async (tx) => {
      await provisionTenant(tx, { id: DEMO_TENANT, name: 'Aisle Demo Home Goods', locations: DEMO_LOCATIONS, products: DEMO_PRODUCTS });
      // Deep stock at the warehouse, a few of each on store shelves, none of the kettle in the south store.
      for (const l of DEMO_LOCATIONS) {
        const items = DEMO_PRODUCTS.map((p, i) => ({
          sku: p.sku,
          onHand: l.kind === 'warehouse' ? 200 + 10 * i : l.id === 'store-south' && p.sku === 'KETTLE-1L' ? 0 : 6 + (i % 4),
          safetyStock: l.kind === 'store' ? 1 : 0,
        }));
        await putSnapshot(tx, DEMO_TENANT, l.id, items, now, 'demo');
      }
    });
  }
  const channelKey = !fresh && saved?.channelKey ? saved.channelKey : await issueChannelKey(db, DEMO_TENANT, 'web');

  if (fresh) {
    for (const o of DEMO_ORDERS) {
      const body = {
        externalId: o.externalId,
        customer: { firstName: o.first, lastName: o.last, email: `${o.first.toLowerCase()}@example.com` },
        deliveryMethod: 'pickup',
        pickupLocationId: o.store,
        lines: o.lines.map(([sku, quantity]) => ({ sku, quantity })),
      };
      // Demo orders go through the real capture path, as a channel would send them.
      await captureOrder(db, { tenantId: DEMO_TENANT as never, channel: 'web' }, `demo-${o.externalId}`, JSON.stringify(body), CaptureOrderRequest.parse(body), now);
    }
  }

  const enrolmentCodes: Record<string, string> = {};
  for (const l of DEMO_LOCATIONS.filter((x) => x.kind === 'store')) {
    const previous = saved?.enrolmentCodes[l.id];
    const stillValid =
      previous !== undefined &&
      (
        await db.query('SELECT 1 FROM enrolment_codes WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2', [
          hashSecret(normalizeEnrolmentCode(previous)),
          now.toISOString(),
        ])
      ).rows.length > 0;
    enrolmentCodes[l.id] = stillValid ? previous : await issueEnrolmentCode(db, DEMO_TENANT, l.id, now);
  }

  // Channels (issue 4): the demo Shopify channel, its secret kept across restarts like the channel key.
  const shopify = await ensureDemoShopifyChannel(db, DEMO_TENANT, saved?.shopifySecret);
  const staff = await ensureDemoPeople(db, DEMO_TENANT, saved, fresh, now);
  const creds: DemoCredentials = { channelKey, enrolmentCodes, ...shopify, ...staff };
  if (options.scale === 'bench') {
    const benchKey = (await seedBenchTenant(db, now)) ?? saved?.benchChannelKey ?? (await issueChannelKey(db, BENCH_TENANT, 'web'));
    creds.benchChannelKey = benchKey;
  }
  if (options.scale === 'store') Object.assign(creds, await ensureBenchStore(db, now, saved)); // bench/sync.bench.ts
  await writeFile(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}
