import { createHash } from 'node:crypto';
import { pickupCodeDigestInput } from '@aisle/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { NotificationDispatcher } from '../src/notifications/dispatcher.ts';
import { enqueueRefundNotification } from '../src/notifications/outbox.ts';
import { hashTrackingToken } from '../src/notifications/tracking.ts';
import { BACKENDS } from './support/backends.ts';
import { orderBody, useFixture, type Fixture } from './support/fixture.ts';
import { call, capture, push } from './support/http.ts';
import { mimeParts, textOf, TestSmtpServer } from './support/smtp.ts';

const LONDON = { line1: '1 Strand', city: 'London', postalCode: 'WC2N 5DU', country: 'GB', geo: { lat: 51.507, lon: -0.127 } };
const PUBLIC_URL = 'https://shop.example/aisle';
const FROM = 'Aisle Test <orders@shop.example>';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BASE_DELAY_MS = 60_000;

type Line = { lineId: string; sku: string; quantity: number };
type FoView = { id: string; locationId: string; lines: Line[] };
type View = { id: string; orderNumber: string; fulfilmentOrders: FoView[] };
type Row = { status: string; attempts: number; pickup_code: string | null; next_attempt_at: Date | null; last_error: string | null; sent_at: Date | null; recipient: string | null };

let seq = 0;
async function applied(f: Fixture, token: string, command: Record<string, unknown>): Promise<void> {
  seq += 1;
  const res = await push(f, token, [{ id: crypto.randomUUID(), deviceSeq: seq, createdAt: new Date().toISOString(), baseVersion: 1, command }]);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect((res.body.results as unknown[])[0], JSON.stringify(res.body)).toMatchObject({ status: 'applied' });
}

async function captureOrder(f: Fixture, body: unknown): Promise<View> {
  const res = await capture(f, body, `notify-${crypto.randomUUID()}`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as unknown as View;
}

async function notificationRows(f: Fixture, orderId: string, kind: string): Promise<Row[]> {
  const { rows } = await f.db.query<Row>(
    'SELECT status, attempts, pickup_code, next_attempt_at, last_error, sent_at, recipient FROM notifications WHERE order_id = $1 AND kind = $2',
    [orderId, kind],
  );
  return rows;
}

describe.each(BACKENDS)('customer notifications on $name', (backend) => {
  const f = useFixture(backend);
  const tokens: Record<string, string> = {};
  const smtp = new TestSmtpServer();
  // The dispatchers' clock; moved forward only, so a row retried in one test is due in the next.
  const mail = { now: new Date('2026-11-27T10:00:00.000Z') };
  const dispatcher = (smtpUrl: string, opts: { maxAttempts?: number } = {}) =>
    new NotificationDispatcher({
      db: f.db,
      clock: () => mail.now,
      smtpUrl,
      from: FROM,
      publicUrl: PUBLIC_URL,
      random: () => 0.5,
      timeoutMs: 3_000,
      baseDelayMs: BASE_DELAY_MS,
      ...opts,
    });

  beforeAll(async () => {
    await smtp.start();
    for (const location of ['store-a', 'store-b', 'wh']) tokens[location] = await f.enrol(location);
  });
  afterAll(async () => {
    await smtp.stop();
  });

  /** Capture → pick → stage at store-a; returns the order and the code the customer must be sent. */
  async function stagedPickup(customer: Record<string, string>): Promise<View> {
    const order = await captureOrder(f, orderBody({ customer, pickupLocationId: 'store-a', lines: [{ sku: 'MUG', quantity: 1 }] }));
    const fo = order.fulfilmentOrders[0]!;
    const token = tokens[fo.locationId]!;
    await applied(f, token, { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: fo.lines[0]!.lineId, quantity: 1 });
    await applied(f, token, { type: 'stage_for_pickup', fulfilmentOrderId: fo.id, bin: 'P-01' });
    return order;
  }

  test('ready for pickup: the e-mail carries the pickup code as text and as a QR PNG, and the stored row forgets the code once sent', async () => {
    const email = 'ada.pickup@example.com';
    const order = await stagedPickup({ firstName: 'Ada', lastName: 'Lovelace', email });
    const [queued] = await notificationRows(f, order.id, 'ready_for_pickup');
    expect(queued).toMatchObject({ status: 'pending', attempts: 0, recipient: email });
    const code = queued!.pickup_code!;
    // The queued code is the one the counter will check: it matches the document's salted digest.
    const { rows } = await f.db.query<{ pickup_code: { salt: string; sha256: string } }>('SELECT pickup_code FROM fulfilment_orders WHERE id = $1', [
      order.fulfilmentOrders[0]!.id,
    ]);
    expect(createHash('sha256').update(pickupCodeDigestInput(rows[0]!.pickup_code.salt, code)).digest('hex')).toBe(rows[0]!.pickup_code.sha256);

    const report = await dispatcher(smtp.url).runOnce();
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const [message] = await smtp.waitFor(email);
    expect(message!.to).toEqual([email]);
    expect(message!.from).toBe('orders@shop.example');
    const text = textOf(message!.raw);
    expect(text).toContain(code);
    expect(text).toContain('Store A');
    expect(text).toContain(order.orderNumber);
    const png = mimeParts(message!.raw).find((p) => p.headers['content-type']?.startsWith('image/png'));
    expect(png, 'a PNG part').toBeDefined();
    expect(png!.body.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png!.body.length).toBeGreaterThan(300);
    // Inline, referenced by the HTML body, so mail clients show it in place rather than as a download.
    const cid = /<([^>]+)>/.exec(png!.headers['content-id'] ?? '')?.[1];
    expect(cid).toBeDefined();
    expect(textOf(message!.raw, 'text/html')).toContain(`cid:${cid}`);

    const [sent] = await notificationRows(f, order.id, 'ready_for_pickup');
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, pickup_code: null, last_error: null });
    expect(sent!.sent_at).not.toBeNull();
    const { rows: anywhere } = await f.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE data::text LIKE '%' || $1 || '%'`, [code]);
    expect(anywhere[0]!.n).toBe(0);
  });

  test('shipped: the e-mail has carrier, tracking number and a /track/ link whose page shows the status but not the e-mail, phone, address or last name', async () => {
    const email = 'grace.ship@example.com';
    const order = await captureOrder(
      f,
      orderBody({
        customer: { firstName: 'Grace', lastName: 'Hopper', email, phone: '+44 20 7946 0000' },
        deliveryMethod: 'ship',
        pickupLocationId: undefined,
        shipTo: LONDON,
        lines: [{ sku: 'TEA', quantity: 2 }],
      }),
    );
    const fo = order.fulfilmentOrders[0]!;
    const token = tokens[fo.locationId]!;
    await applied(f, token, { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: fo.lines[0]!.lineId, quantity: 2 });
    await applied(f, token, { type: 'pack', fulfilmentOrderId: fo.id, packages: [{ packageId: 'BOX-1', lines: [{ lineId: fo.lines[0]!.lineId, quantity: 2 }] }] });
    await applied(f, token, { type: 'ship', fulfilmentOrderId: fo.id, shipmentId: 'SHP-1', carrier: 'Own Fleet', trackingNumber: 'AF-12345678', packageIds: ['BOX-1'] });

    await dispatcher(smtp.url).runOnce();
    const [message] = await smtp.waitFor(email);
    const text = textOf(message!.raw);
    expect(text).toContain('Own Fleet');
    expect(text).toContain('AF-12345678');
    const link = new RegExp(`${PUBLIC_URL}/track/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`).exec(text);
    expect(link, text).not.toBeNull();
    const trackingToken = link![1]!;

    const page = await f.app.request(`/track/${trackingToken}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain(`Order ${order.orderNumber}`);
    expect(html).toContain('Shipped');
    expect(html).toContain('Own Fleet');
    expect(html).toContain('AF-12345678');
    expect(html).toContain('Grace H.');
    for (const secret of [email, 'Hopper', '7946', '1 Strand', 'WC2N']) expect(html).not.toContain(secret);

    const json = await call(f, 'GET', `/api/v1/track/${trackingToken}`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      orderNumber: order.orderNumber,
      customer: 'Grace H.',
      status: 'shipped',
      parts: [{ status: 'shipped', deliveryMethod: 'ship', storeName: null, units: 2, shipments: [{ carrier: 'Own Fleet', trackingNumber: 'AF-12345678' }] }],
    });
    for (const secret of [email, 'Hopper', '7946', '1 Strand', 'WC2N']) expect(JSON.stringify(json.body)).not.toContain(secret);

    // Only the hash is stored.
    const stored = await f.db.query<{ token_hash: string }>('SELECT token_hash FROM order_tracking_tokens WHERE order_id = $1', [order.id]);
    expect(stored.rows.map((r) => r.token_hash)).toEqual([hashTrackingToken(trackingToken)]);
    expect(stored.rows[0]!.token_hash).not.toContain(trackingToken);
  });

  test('an expired pickup and a refund are e-mailed too: the refund with its amount in the order currency', async () => {
    const email = 'mary.expired@example.com';
    const order = await stagedPickup({ firstName: 'Mary', lastName: 'Somerville', email });
    await applied(f, tokens['store-a']!, { type: 'expire_pickup', fulfilmentOrderId: order.fulfilmentOrders[0]!.id });
    const refund = await f.db.transaction((tx) =>
      enqueueRefundNotification(tx, { tenantId: 't1', orderId: order.id, refundId: 'RF-1', amountMinor: 1999, currency: 'GBP', now: f.now.value }),
    );
    expect(refund.status).toBe('pending');

    await dispatcher(smtp.url).runOnce();
    const messages = await smtp.waitFor(email, 3);
    const texts = messages.map((m) => textOf(m.raw));
    expect(texts.some((t) => t.includes('pickup time has passed') && t.includes('Store A'))).toBe(true);
    expect(texts.some((t) => t.includes('refund of £19.99'))).toBe(true);
    expect(await notificationRows(f, order.id, 'refund_issued')).toEqual([expect.objectContaining({ status: 'sent' })]);
  });

  test('SMTP server down: the row stays pending with the attempt counted and a backed-off next attempt, then goes out once the server is up', async () => {
    const later = new TestSmtpServer();
    await later.start();
    await later.stop(); // now nothing listens on later.port
    const email = 'down@example.com';
    const order = await stagedPickup({ firstName: 'Alan', lastName: 'Turing', email });
    const down = dispatcher(later.url);

    await down.runOnce();
    const [failed] = await notificationRows(f, order.id, 'ready_for_pickup');
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.pickup_code).not.toBeNull();
    expect(failed!.last_error).toContain('ECONNREFUSED');
    const wait = new Date(failed!.next_attempt_at!).getTime() - mail.now.getTime();
    // random() = 0.5: half the delay fixed, half jittered → three quarters of the base delay.
    expect(wait).toBe(BASE_DELAY_MS * 0.75);

    // Not due yet: another pass leaves it alone.
    await down.runOnce();
    expect((await notificationRows(f, order.id, 'ready_for_pickup'))[0]).toMatchObject({ status: 'pending', attempts: 1 });

    await later.start(later.port);
    try {
      mail.now = new Date(mail.now.getTime() + BASE_DELAY_MS);
      await down.runOnce();
      const [message] = await later.waitFor(email);
      expect(textOf(message!.raw)).toContain(failed!.pickup_code!);
      expect((await notificationRows(f, order.id, 'ready_for_pickup'))[0]).toMatchObject({ status: 'sent', attempts: 2, pickup_code: null });
    } finally {
      await later.stop();
    }
  });

  test('after the last attempt a notification is dead: kept, listed, and its pickup code dropped', async () => {
    const nowhere = new TestSmtpServer();
    await nowhere.start();
    await nowhere.stop();
    const order = await stagedPickup({ firstName: 'Edsger', lastName: 'Dijkstra', email: 'dead@example.com' });
    const d = dispatcher(nowhere.url, { maxAttempts: 2 });
    await d.runOnce();
    mail.now = new Date(mail.now.getTime() + BASE_DELAY_MS);
    await d.runOnce();
    expect((await notificationRows(f, order.id, 'ready_for_pickup'))[0]).toMatchObject({ status: 'dead', attempts: 2, pickup_code: null });
    const listed = await call(f, 'GET', '/api/v1/notifications?status=dead', { token: f.channelKey });
    expect(listed.status).toBe(200);
    expect(listed.body.notifications).toContainEqual(expect.objectContaining({ orderId: order.id, kind: 'ready_for_pickup', status: 'dead', attempts: 2, recipient: 'd***@example.com' }));
  });

  test('without SMTP_URL nothing is sent: rows stay pending and are listed, without the pickup code', async () => {
    const config = loadConfig({});
    expect(config.smtpUrl).toBeUndefined();
    expect(config.mailFrom).toBe('Aisle <no-reply@aisle.localhost>');
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', PUBLIC_URL: 'https://orders.example/' })).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      publicUrl: 'https://orders.example',
    });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);

    // No dispatcher runs (main.ts starts none without SMTP_URL): the row waits.
    const order = await stagedPickup({ firstName: 'Katherine', lastName: 'Johnson', email: 'queued@example.com' });
    const [row] = await notificationRows(f, order.id, 'ready_for_pickup');
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    const listed = await call(f, 'GET', '/api/v1/notifications?status=pending', { token: f.channelKey });
    expect(listed.status).toBe(200);
    const mine = (listed.body.notifications as Record<string, unknown>[]).filter((n) => n.orderId === order.id);
    expect(mine).toEqual([
      expect.objectContaining({ kind: 'ready_for_pickup', status: 'pending', attempts: 0, recipient: 'q***@example.com', fulfilmentOrderId: order.fulfilmentOrders[0]!.id }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(row!.pickup_code!);
    expect(Object.keys(mine[0]!)).not.toContain('pickupCode');

    expect((await call(f, 'GET', '/api/v1/notifications?status=bogus', { token: f.channelKey })).status).toBe(400);
    expect((await call(f, 'GET', '/api/v1/notifications')).status).toBe(401);
  });

  test('a customer without an e-mail address gets a no_recipient row: listed, never sent, no pickup code kept', async () => {
    const order = await stagedPickup({ firstName: 'Barbara', lastName: 'Liskov' });
    const [row] = await notificationRows(f, order.id, 'ready_for_pickup');
    expect(row).toMatchObject({ status: 'no_recipient', recipient: null, pickup_code: null, attempts: 0 });
    const before = smtp.messages.length;
    await dispatcher(smtp.url).runOnce();
    expect((await notificationRows(f, order.id, 'ready_for_pickup'))[0]).toMatchObject({ status: 'no_recipient', attempts: 0 });
    expect(smtp.messages.slice(before).filter((m) => m.raw.includes(order.orderNumber))).toEqual([]);
    const listed = await call(f, 'GET', '/api/v1/notifications?status=no_recipient', { token: f.channelKey });
    expect(listed.body.notifications).toContainEqual(expect.objectContaining({ orderId: order.id, status: 'no_recipient', recipient: null }));
  });

  test('an unknown or malformed tracking token gets a 404, as a page and as JSON', async () => {
    const unknown = Buffer.alloc(32, 7).toString('base64url');
    for (const token of [unknown, 'abc', `${unknown}x`]) {
      const page = await f.app.request(`/track/${token}`);
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('Order not found');
      const json = await call(f, 'GET', `/api/v1/track/${token}`);
      expect(json.status).toBe(404);
      expect(json.body).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});
