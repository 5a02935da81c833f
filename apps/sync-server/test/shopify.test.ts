import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LosslessNumber, parse, stringify } from 'lossless-json';
import { beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../src/app.ts';
import { getChannel, upsertChannel, type ChannelView } from '../src/channels/channels.ts';
import { decimalToMinor } from '../src/channels/money.ts';
import { ensureDemo } from '../src/demo/seed.ts';
import { mapShopifyOrder } from '../src/channels/shopify-mapping.ts';
import { ShopifyOrder, parseLosslessJson } from '../src/channels/shopify-order.ts';
import { BACKENDS } from './support/backends.ts';
import { countRows, useFixture } from './support/fixture.ts';

const FIXTURE = readFileSync(new URL('./fixtures/shopify-order.json', import.meta.url), 'utf8');
const FIXTURE_ORDER_ID = '820982911946154508';
const SHOP = 'aisle-test.myshopify.com';
const SECRET = 'shpss_test_0123456789abcdef0123456789abcdef';
const T2_SHOP = 'tenant-two.myshopify.com';
const T2_SECRET = 'shpss_t2_fedcba9876543210fedcba9876543210';

const LOCATIONS: ChannelView['locations'] = [
  { externalLocationId: '24826418', locationId: 'store-a', pickupCode: 'Store A Pickup' },
  { externalLocationId: '24826419', locationId: 'store-b', pickupCode: 'Store B' },
];

interface LineItemDoc {
  [k: string]: unknown;
  sku?: string | null;
  quantity?: unknown;
  price?: unknown;
  total_discount?: string;
  discount_allocations?: { amount: string }[] | null;
}
interface OrderDoc {
  [k: string]: unknown;
  id: unknown;
  currency: string;
  email?: string | null;
  line_items: LineItemDoc[];
  shipping_lines: Record<string, unknown>[];
  shipping_address: Record<string, unknown> | null;
  customer: Record<string, unknown> | null;
}

/** The fixture changed through lossless-json, so the big ids stay the numbers they were. */
function variant(edit: (doc: OrderDoc) => void = () => undefined, orderId?: string): string {
  const doc = parse(FIXTURE) as OrderDoc;
  if (orderId) doc.id = new LosslessNumber(orderId);
  edit(doc);
  return stringify(doc) as string;
}

const pickupAt =
  (code: string, source = 'shopify') =>
  (doc: OrderDoc) => {
    doc.shipping_lines = [{ id: new LosslessNumber('271878346596884016'), code, title: code, source, price: '0.00' }];
    doc.shipping_address = null;
  };

function mapText(text: string, locations = LOCATIONS) {
  return mapShopifyOrder(ShopifyOrder.parse(parseLosslessJson(text)), locations);
}

function lineItems(...items: { sku: string; quantity: number; price: string; discounts?: string[]; total_discount?: string }[]) {
  return (doc: OrderDoc) => {
    doc.line_items = items.map((it, i) => ({
      id: new LosslessNumber(String(9_100_000_000_000_000_001n + BigInt(i))),
      sku: it.sku,
      quantity: new LosslessNumber(String(it.quantity)),
      price: it.price,
      ...(it.total_discount !== undefined ? { total_discount: it.total_discount } : {}),
      ...(it.discounts ? { discount_allocations: it.discounts.map((amount) => ({ amount })) } : {}),
    }));
  };
}

describe('Shopify orders/create → CaptureOrderRequest (mapping, no storage)', () => {
  test('the fixture keeps its ids beyond 2^53 only when parsed losslessly', () => {
    expect(FIXTURE).toMatch(new RegExp(`"id": ${FIXTURE_ORDER_ID},`));
    expect(String((JSON.parse(FIXTURE) as { id: number }).id)).not.toBe(FIXTURE_ORDER_ID);
    const order = ShopifyOrder.parse(parseLosslessJson(FIXTURE));
    expect(order.id).toBe(FIXTURE_ORDER_ID);
    expect(order.line_items.map((l) => l.id)).toEqual(['866550311766439020', '141249953214522974', '518995019021846172']);
  });

  test('a shipping order maps to ship-to with geo, summed SKUs and exact unit prices', () => {
    const mapped = mapText(FIXTURE);
    if (!mapped.ok) throw new Error(mapped.message);
    expect(mapped.request).toEqual({
      externalId: FIXTURE_ORDER_ID,
      // The order's email wins over the customer record's; phone comes from the customer.
      customer: { firstName: 'John', lastName: 'Smith', email: 'jon@example.com', phone: '+16135551111' },
      deliveryMethod: 'ship',
      shipTo: {
        name: 'Steve Shipper',
        line1: '123 Shipping Street',
        line2: 'Suite 4',
        city: 'Shippington',
        postalCode: '40003',
        region: 'KY',
        country: 'US',
        geo: { lat: 45.41634, lon: -75.6868 },
      },
      currency: 'USD',
      lines: [
        // MUG: 1 × 199.00 − 3.34 and 2 × 199.00 − 10.00 = 583.66 for 3 units → 194.55 (rounded down from 194.5533…).
        { sku: 'MUG', quantity: 3, unitPriceMinor: 19455 },
        { sku: 'TEA', quantity: 2, unitPriceMinor: 1250 },
      ],
    });
  });

  test('a shipping address without coordinates gives a ship-to without geo; blank fields are left out', () => {
    const mapped = mapText(
      variant((d) => {
        d.shipping_address = { ...d.shipping_address, latitude: null, longitude: null, address2: '', province_code: null };
      }),
    );
    if (!mapped.ok) throw new Error(mapped.message);
    expect(mapped.request.shipTo).toEqual({ name: 'Steve Shipper', line1: '123 Shipping Street', city: 'Shippington', postalCode: '40003', country: 'US' });
  });

  test('money is integer arithmetic on the decimal strings: no float drift, discounts spread over units', () => {
    const mapped = mapText(
      variant(
        lineItems(
          { sku: 'MUG', quantity: 3, price: '19.99', discounts: ['0.99', '1.50'] }, // (59.97 − 2.49) / 3 = 19.16
          { sku: 'TEA', quantity: 3, price: '0.10' }, // 3 × 0.1 is 0.30000000000000004 in floats
          { sku: 'TEA', quantity: 7, price: '0.20', discounts: ['0.30'] }, // TEA: (0.30 + 1.40 − 0.30) / 10 = 0.14
          { sku: 'PEN', quantity: 3, price: '10.00', discounts: ['0.01'] }, // 29.99 / 3 = 9.99666… → 9.99 (down)
        ),
      ),
    );
    if (!mapped.ok) throw new Error(mapped.message);
    expect(mapped.request.lines).toEqual([
      { sku: 'MUG', quantity: 3, unitPriceMinor: 1916 },
      { sku: 'TEA', quantity: 10, unitPriceMinor: 14 },
      { sku: 'PEN', quantity: 3, unitPriceMinor: 999 },
    ]);
  });

  test('total_discount counts only when a line item has no discount_allocations (they would double-count)', () => {
    const both = mapText(variant(lineItems({ sku: 'MUG', quantity: 2, price: '5.00', total_discount: '1.00', discounts: ['1.00'] })));
    const legacy = mapText(variant(lineItems({ sku: 'MUG', quantity: 2, price: '5.00', total_discount: '1.00' })));
    if (!both.ok || !legacy.ok) throw new Error('mapping failed');
    expect(both.request.lines[0]?.unitPriceMinor).toBe(450);
    expect(legacy.request.lines[0]?.unitPriceMinor).toBe(450);
  });

  test('minor units follow the currency: JPY has none, KWD three; extra non-zero decimals are refused', () => {
    expect(decimalToMinor('1500', 'JPY')).toEqual({ ok: true, minor: 1500n });
    expect(decimalToMinor('1500.00', 'JPY')).toEqual({ ok: true, minor: 1500n });
    expect(decimalToMinor('1.250', 'KWD')).toEqual({ ok: true, minor: 1250n });
    expect(decimalToMinor('0.5', 'GBP')).toEqual({ ok: true, minor: 50n });
    expect(decimalToMinor('1.005', 'USD').ok).toBe(false);
    const jpy = mapText(variant((d) => { d.currency = 'JPY'; lineItems({ sku: 'MUG', quantity: 2, price: '1500.00', discounts: ['100'] })(d); }));
    if (!jpy.ok) throw new Error(jpy.message);
    expect(jpy.request.lines[0]?.unitPriceMinor).toBe(1450);
    const bad = mapText(variant(lineItems({ sku: 'MUG', quantity: 1, price: '1.00' }, { sku: 'TEA', quantity: 1, price: '1.005' })));
    expect(bad).toMatchObject({ ok: false, field: 'line_items.1.price' });
  });

  test('a line item without a SKU is refused, naming it', () => {
    const mapped = mapText(variant((d) => { d.line_items[1]!.sku = null; }));
    expect(mapped).toMatchObject({ ok: false, field: 'line_items.1.sku' });
    const blank = mapText(variant((d) => { d.line_items[2]!.sku = '  '; }));
    expect(blank).toMatchObject({ ok: false, field: 'line_items.2.sku' });
  });

  test('[pickup rule] a "shopify" shipping line whose code is a mapped pickup code makes a pickup order at that store', () => {
    const mapped = mapText(variant(pickupAt('  store a PICKUP ')));
    if (!mapped.ok) throw new Error(mapped.message);
    expect(mapped.request).toMatchObject({ deliveryMethod: 'pickup', pickupLocationId: 'store-a' });
    expect(mapped.request.shipTo).toBeUndefined();
    // The same code from a carrier-calculated rate is not a local pickup.
    expect(mapText(variant(pickupAt('Store A Pickup', 'usps')))).toMatchObject({ ok: false, field: 'shipping_address' });
    // An unmapped store name is shipping, which needs an address.
    expect(mapText(variant(pickupAt('Somewhere Else')))).toMatchObject({ ok: false, field: 'shipping_address' });
  });

  test('[pickup rule] pickup at two stores, or pickup next to shipping, is refused naming the shipping line', () => {
    const twoStores = mapText(
      variant((d) => {
        pickupAt('Store A Pickup')(d);
        d.shipping_lines.push({ code: 'Store B', title: 'Store B', source: 'shopify', price: '0.00' });
      }),
    );
    expect(twoStores).toMatchObject({ ok: false, field: 'shipping_lines.1.code' });
    const mixed = mapText(variant((d) => d.shipping_lines.unshift({ code: 'Store B', title: 'Store B', source: 'shopify', price: '0.00' })));
    expect(mixed).toMatchObject({ ok: false, field: 'shipping_lines.1' });
  });

  test('a guest order takes the name from the shipping address; a nameless one is refused', () => {
    const guest = mapText(variant((d) => { d.customer = null; }));
    if (!guest.ok) throw new Error(guest.message);
    expect(guest.request.customer).toEqual({ firstName: 'Steve', lastName: 'Shipper', email: 'jon@example.com' });
    const nameless = mapText(
      variant((d) => {
        d.customer = null;
        d.shipping_address = { ...d.shipping_address, last_name: null };
        d.billing_address = null;
      }),
    );
    expect(nameless).toMatchObject({ ok: false, field: 'customer.last_name' });
  });

  test('Aisle validation errors name the Shopify field they came from', () => {
    expect(mapText(variant((d) => { d.email = 'not-an-email'; }))).toMatchObject({ ok: false, field: 'email' });
    expect(mapText(variant((d) => { d.shipping_address = { ...d.shipping_address, zip: null }; }))).toMatchObject({
      ok: false,
      field: 'shipping_address.zip',
    });
    expect(mapText(variant(lineItems({ sku: 'TEA', quantity: 1, price: '1.00' }, { sku: 'bad sku!', quantity: 1, price: '1.00' })))).toMatchObject({
      ok: false,
      field: 'line_items.1.sku',
    });
  });
});

let nextId = 820982911946160000n;
const newOrderId = () => String((nextId += 1n));

describe.each(BACKENDS)('Shopify orders/create webhook on $name', (backend) => {
  const f = useFixture(backend);
  const logs: Record<string, unknown>[] = [];
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    await f.db.transaction(async (tx) => {
      await upsertChannel(tx, { tenantId: 't1', id: 'shopify', kind: 'shopify', shopify: { shopDomain: SHOP, secret: SECRET }, locations: LOCATIONS });
      await upsertChannel(tx, {
        tenantId: 't2',
        id: 'shopify',
        kind: 'shopify',
        shopify: { shopDomain: T2_SHOP, secret: T2_SECRET },
        locations: [{ externalLocationId: '5550001', locationId: 'store-z', pickupCode: 'Store A Pickup' }],
      });
    });
    app = createApp({ db: f.db, notifier: f.notifier, clock: () => f.now.value, sseKeepAliveMs: 50, log: (e) => logs.push(e) });
  });

  async function send(
    body: string,
    o: { webhookId?: string | null; secret?: string; shop?: string | null; hmac?: string | null; topic?: string } = {},
  ) {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const shop = o.shop === undefined ? SHOP : o.shop;
    if (shop !== null) headers['X-Shopify-Shop-Domain'] = shop;
    const hmac = o.hmac === undefined ? createHmac('sha256', o.secret ?? SECRET).update(body, 'utf8').digest('base64') : o.hmac;
    if (hmac !== null) headers['X-Shopify-Hmac-Sha256'] = hmac;
    const webhookId = o.webhookId === undefined ? crypto.randomUUID() : o.webhookId;
    if (webhookId !== null) headers['X-Shopify-Webhook-Id'] = webhookId;
    headers['X-Shopify-Topic'] = o.topic ?? 'orders/create';
    const res = await app.request('/api/v1/channels/shopify/orders', { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as { orderId?: string; error?: { code: string; field?: string } }, headers: res.headers };
  }

  const counts = async () => ({
    orders: await countRows(f.db, 'orders'),
    lines: await countRows(f.db, 'order_lines'),
    keys: await countRows(f.db, 'idempotency_keys'),
  });

  async function storedOrder(orderId: string) {
    const { rows } = await f.db.query<{ tenant_id: string; external_id: string; channel: string; delivery_method: string; location_id: string }>(
      `SELECT o.tenant_id, o.external_id, o.channel, o.delivery_method, fo.location_id
         FROM orders o JOIN fulfilment_orders fo ON fo.tenant_id = o.tenant_id AND fo.order_id = o.id WHERE o.id = $1`,
      [orderId],
    );
    const lines = await f.db.query<{ sku: string; quantity: number }>('SELECT sku, quantity FROM order_lines WHERE order_id = $1 ORDER BY line_id', [orderId]);
    return { ...rows[0], lines: lines.rows.map((l) => [l.sku, l.quantity]) };
  }

  test('a signed pickup order is captured once, under its exact Shopify id, with quantities summed per SKU', async () => {
    const before = await counts();
    const res = await send(variant(pickupAt('Store A Pickup')));
    expect(res.status).toBe(200);
    expect(res.body.orderId).toEqual(expect.any(String));
    expect(await storedOrder(res.body.orderId!)).toEqual({
      tenant_id: 't1',
      external_id: FIXTURE_ORDER_ID,
      channel: 'shopify',
      delivery_method: 'pickup',
      location_id: 'store-a',
      lines: [['MUG', 3], ['TEA', 2]],
    });
    expect(await counts()).toEqual({ orders: before.orders + 1, lines: before.lines + 2, keys: before.keys + 1 });
  });

  test('an id just above 2^53 is stored exactly (JSON.parse would round it)', async () => {
    const id = '9007199254740993';
    expect(String(JSON.parse(id))).toBe('9007199254740992');
    const res = await send(variant(pickupAt('Store B'), id));
    expect(res.status).toBe(200);
    expect(await storedOrder(res.body.orderId!)).toMatchObject({ external_id: id, location_id: 'store-b' });
  });

  test('a wrong, missing or foreign signature, or an unknown shop, is 401 and writes nothing', async () => {
    const body = variant(pickupAt('Store A Pickup'), newOrderId());
    const before = await counts();
    const tampered = body.replace('"quantity":2', '"quantity":20');
    expect(tampered).not.toBe(body);
    const attempts = [
      await send(body, { secret: 'shpss_wrong_wrong_wrong_wrong_wrong_' }),
      await send(body, { hmac: null }),
      await send(body, { hmac: 'not base64 at all' }),
      await send(tampered, { hmac: createHmac('sha256', SECRET).update(body).digest('base64') }),
      await send(body, { secret: T2_SECRET }), // another shop's secret
      await send(body, { shop: 'unknown.myshopify.com' }),
      await send(body, { shop: null }),
    ];
    for (const res of attempts) expect(res).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated', field: 'X-Shopify-Hmac-Sha256' } } });
    expect(await counts()).toEqual(before);
  });

  test('a replay of one webhook id returns the same order without writing again', async () => {
    const body = variant(pickupAt('Store A Pickup'), newOrderId());
    const first = await send(body, { webhookId: 'wh-replay-1' });
    const before = await counts();
    const again = await send(body, { webhookId: 'wh-replay-1' });
    expect(again.status).toBe(200);
    expect(again.body.orderId).toBe(first.body.orderId);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await counts()).toEqual(before);
  });

  test('the same Shopify order under a new webhook id is the order already captured', async () => {
    const body = variant(pickupAt('Store A Pickup'), newOrderId());
    const first = await send(body, { webhookId: 'wh-order-a' });
    const before = await counts();
    const second = await send(body, { webhookId: 'wh-order-b' });
    expect(second.status).toBe(200);
    expect(second.body.orderId).toBe(first.body.orderId);
    expect((await counts()).orders).toBe(before.orders);
  });

  test('concurrent deliveries of one webhook create one order', async () => {
    const body = variant(pickupAt('Store B'), newOrderId());
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 6 }, () => send(body, { webhookId: 'wh-concurrent' })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(results.map((r) => r.body.orderId)).size).toBe(1);
    expect((await counts()).orders).toBe(before.orders + 1);
  });

  test('a retry after the location mapping changed still answers the order already captured', async () => {
    const body = variant(pickupAt('Store A Pickup'), newOrderId());
    const first = await send(body, { webhookId: 'wh-remapped' });
    const remapped = LOCATIONS.map((l) => (l.locationId === 'store-a' ? { ...l, locationId: 'store-b' } : { ...l, pickupCode: 'Store B old' }));
    await f.db.transaction((tx) => upsertChannel(tx, { tenantId: 't1', id: 'shopify', kind: 'shopify', shopify: { shopDomain: SHOP, secret: SECRET }, locations: remapped }));
    try {
      const before = await counts();
      const retry = await send(body, { webhookId: 'wh-remapped' });
      expect(retry).toMatchObject({ status: 200, body: { orderId: first.body.orderId } });
      expect(await counts()).toEqual(before);
    } finally {
      await f.db.transaction((tx) => upsertChannel(tx, { tenantId: 't1', id: 'shopify', kind: 'shopify', shopify: { shopDomain: SHOP, secret: SECRET }, locations: LOCATIONS }));
    }
  });

  test("the shop domain picks the tenant: the same Shopify id in another tenant's shop is another order", async () => {
    const id = newOrderId();
    const t1 = await send(variant(pickupAt('Store A Pickup'), id));
    const t2 = await send(variant(pickupAt('Store A Pickup'), id), { shop: T2_SHOP.toUpperCase(), secret: T2_SECRET });
    expect(t2.status).toBe(200);
    expect(t2.body.orderId).not.toBe(t1.body.orderId);
    expect(await storedOrder(t2.body.orderId!)).toMatchObject({ tenant_id: 't2', external_id: id, location_id: 'store-z' });
  });

  test.each([
    ['no line items', (d: OrderDoc) => { d.line_items = []; }, 400, 'line_items'],
    ['a quantity sent as a string', (d: OrderDoc) => { d.line_items[0]!.quantity = '2'; }, 400, 'line_items.0.quantity'],
    ['a fractional quantity', (d: OrderDoc) => { d.line_items[1]!.quantity = new LosslessNumber('1.5'); }, 400, 'line_items.1.quantity'],
    ['a price as a float-looking word', (d: OrderDoc) => { d.line_items[0]!.price = 'free'; }, 400, 'line_items.0.price'],
    ['a line item without a SKU', (d: OrderDoc) => { d.line_items[1]!.sku = null; }, 422, 'line_items.1.sku'],
    ['an unknown SKU', (d: OrderDoc) => { d.line_items[2]!.sku = 'NOPE'; }, 422, 'line_items.2.sku'],
    ['discounts above the price', (d: OrderDoc) => { d.line_items[1]!.discount_allocations = [{ amount: '30.00' }]; }, 422, 'line_items.1.discount_allocations'],
  ] as const)('%s: %i naming %s, nothing written', async (_name, edit, status, field) => {
    const body = variant((d) => { pickupAt('Store A Pickup')(d); edit(d); }, newOrderId());
    const before = await counts();
    const res = await send(body);
    expect(res).toMatchObject({ status, body: { error: { field } } });
    expect(await counts()).toEqual(before);
  });

  test('malformed JSON, a missing webhook id and another topic are 400 (after the signature check), nothing written', async () => {
    const before = await counts();
    expect(await send('{"id": 1,')).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
    expect(await send(variant(pickupAt('Store A Pickup'), newOrderId()), { webhookId: null })).toMatchObject({
      status: 400,
      body: { error: { code: 'missing_header', field: 'X-Shopify-Webhook-Id' } },
    });
    expect(await send(variant(pickupAt('Store A Pickup'), newOrderId()), { topic: 'orders/updated' })).toMatchObject({
      status: 400,
      body: { error: { field: 'X-Shopify-Topic' } },
    });
    expect(await counts()).toEqual(before);
  });

  test('secrets are neither shown by the channel view nor logged', async () => {
    const view = await getChannel(f.db, 't1', 'shopify');
    expect(view).toMatchObject({ kind: 'shopify', shopifyShopDomain: SHOP, hasWebhookSecret: false, locations: LOCATIONS });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(logs.some((e) => e.msg === 'shopify order captured')).toBe(true);
    expect(logs.some((e) => String(e.msg).includes('refused'))).toBe(true);
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(T2_SECRET);
  });

  test('the demo seeds a Shopify channel whose secret, kept in demo-credentials.json, signs a capturable order', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aisle-demo-'));
    try {
      const creds = await ensureDemo(f.db, dir, f.now.value);
      const file = JSON.parse(readFileSync(path.join(dir, 'demo-credentials.json'), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(file)).toEqual(['channelKey', 'enrolmentCodes', 'shopifySecret', 'shopifyShopDomain', 'adminKey', 'people']);
      expect(file).toEqual(creds);
      expect(creds.shopifyShopDomain).toBe('aisle-demo.myshopify.com');
      // Demo staff can sign in: every role has someone, with a badge and a 6-digit PIN.
      expect(new Set(creds.people.map((p) => p.role))).toEqual(new Set(['manager', 'associate', 'returns', 'counter_kiosk', 'picker']));
      expect(creds.people.every((p) => /^\d{6}$/.test(p.pin) && p.badge.length >= 10)).toBe(true);
      expect(await getChannel(f.db, 'demo', 'shopify')).toMatchObject({
        kind: 'shopify',
        locations: [
          { locationId: 'store-north', pickupCode: 'North Street Store' },
          { locationId: 'store-south', pickupCode: 'South Mall Store' },
        ],
      });

      const body = variant((d) => {
        pickupAt('North Street Store')(d);
        lineItems({ sku: 'MUG-STONE', quantity: 2, price: '12.00' })(d);
      }, newOrderId());
      const res = await send(body, { shop: creds.shopifyShopDomain, secret: creds.shopifySecret });
      expect(res.status).toBe(200);
      expect(await storedOrder(res.body.orderId!)).toMatchObject({ tenant_id: 'demo', channel: 'shopify', location_id: 'store-north', lines: [['MUG-STONE', 2]] });

      // A restart keeps the saved secret; a credentials file without one gets a fresh secret, and the old one stops working.
      expect((await ensureDemo(f.db, dir, f.now.value)).shopifySecret).toBe(creds.shopifySecret);
      const { shopifySecret: _dropped, ...older } = file;
      writeFileSync(path.join(dir, 'demo-credentials.json'), JSON.stringify(older));
      const renewed = await ensureDemo(f.db, dir, f.now.value);
      expect(renewed.shopifySecret).not.toBe(creds.shopifySecret);
      expect(renewed.channelKey).toBe(creds.channelKey);
      const other = variant(pickupAt('North Street Store'), newOrderId());
      expect((await send(other, { shop: creds.shopifyShopDomain, secret: creds.shopifySecret })).status).toBe(401);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
