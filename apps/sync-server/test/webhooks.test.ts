import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { upsertChannel } from '../src/channels/channels.ts';
import { WebhookDispatcher, type DispatcherOptions } from '../src/webhooks/dispatcher.ts';
import { enqueueStatusWebhook, listWebhookDeliveries, type StatusWebhook } from '../src/webhooks/outbox.ts';
import { verifyWebhookSignature } from '../src/webhooks/signature.ts';
import { BACKENDS } from './support/backends.ts';
import { countRows, orderBody, useFixture } from './support/fixture.ts';
import { capture } from './support/http.ts';

const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef0123456789abcdef';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1: answers from a script of status codes (then 200), or never. */
class Receiver {
  readonly requests: Received[] = [];
  statuses: number[] = [];
  hang = false;
  #server: Server | undefined;
  #waiters: (() => void)[] = [];
  url = '';

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        for (const w of this.#waiters.splice(0)) w();
        if (this.hang) return;
        const status = this.statuses.shift() ?? 200;
        res.writeHead(status, status >= 300 && status < 400 ? { location: `${this.url}/elsewhere` } : {}).end('ok');
      });
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  }

  reset(): void {
    this.requests.length = 0;
    this.statuses = [];
    this.hang = false;
  }

  /** Resolves once a request has arrived (event-driven, no sleeping). */
  nextRequest(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

describe.each(BACKENDS)('status webhooks on $name', (backend) => {
  const f = useFixture(backend);
  const receiver = new Receiver();
  const logs: Record<string, unknown>[] = [];
  const clock = { now: new Date('2026-11-27T10:00:00.000Z') };
  let orderId: string;
  let externalId: string;

  const dispatcher = (opts: Partial<DispatcherOptions> = {}) =>
    new WebhookDispatcher({ db: f.db, clock: () => clock.now, random: () => 0.5, log: (e) => logs.push(e), ...opts });

  const enqueue = (over: Partial<StatusWebhook> = {}) =>
    f.db.transaction((tx) =>
      enqueueStatusWebhook(tx, { tenantId: 't1', channel: 'web', event: 'order.ready_for_pickup', orderId, payload: { locationId: 'store-a' }, ...over }),
    );

  const statusOf = async (deliveryId: string) => {
    const { rows } = await f.db.query<{ status: string; attempts: number; next_attempt_at: Date | null }>(
      'SELECT status, attempts, next_attempt_at FROM webhook_deliveries WHERE id = $1',
      [deliveryId],
    );
    return rows[0];
  };

  beforeAll(async () => {
    await receiver.start();
    await f.db.transaction(async (tx) => {
      await upsertChannel(tx, { tenantId: 't1', id: 'web', kind: 'generic', webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET });
      await upsertChannel(tx, { tenantId: 't1', id: 'pos', kind: 'generic' });
    });
    const body = orderBody();
    const res = await capture(f, body, 'k-webhooks');
    orderId = String(res.body.id);
    externalId = body.externalId;
  });

  afterAll(async () => {
    await receiver.stop();
  });

  beforeEach(async () => {
    receiver.reset();
    await f.db.query('DELETE FROM webhook_deliveries');
  });

  test('a delivery is POSTed with its event, a stable delivery id and a signature the receiver can verify', async () => {
    const queued = await enqueue({ occurredAt: new Date('2026-11-27T09:59:00.000Z') });
    expect(queued).toEqual({ deliveryId: expect.any(String) });
    const report = await dispatcher().runOnce();
    expect(report).toEqual({ claimed: 1, delivered: 1, retried: 0, dead: 0, undeliverable: 0 });

    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests as [Received];
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['aisle-event']).toBe('order.ready_for_pickup');
    expect(req.headers['aisle-delivery-id']).toBe(queued?.deliveryId);
    expect(JSON.parse(req.body)).toEqual({
      id: queued?.deliveryId,
      event: 'order.ready_for_pickup',
      occurredAt: '2026-11-27T09:59:00.000Z',
      channel: 'web',
      orderId,
      externalId,
      data: { locationId: 'store-a' },
    });

    // Verified here independently of the server's helper: t=<unix s>,v1=<hex HMAC of "<t>.<body>">.
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['aisle-signature']));
    expect(m).not.toBeNull();
    const [, t, v1] = m as unknown as [string, string, string];
    expect(Number(t)).toBe(Math.floor(clock.now.getTime() / 1000));
    expect(v1).toBe(createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${req.body}`).digest('hex'));
    // And the helper integrators are pointed to agrees, and refuses what it should.
    const signature = String(req.headers['aisle-signature']);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, req.body, signature, clock.now)).toBe(true);
    expect(verifyWebhookSignature('whsec_other_secret_0000000000', req.body, signature, clock.now)).toBe(false);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, req.body.replace('store-a', 'store-b'), signature, clock.now)).toBe(false);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, req.body, signature, new Date(clock.now.getTime() + 3_600_000))).toBe(false);

    expect(await listWebhookDeliveries(f.db, 't1', { status: 'delivered' })).toEqual([
      expect.objectContaining({ deliveryId: queued?.deliveryId, event: 'order.ready_for_pickup', orderId, attempts: 1, lastStatusCode: 200, lastError: null }),
    ]);
  });

  test('500, 500, then 200: the same delivery id and bytes three times, after backoff, ending delivered', async () => {
    receiver.statuses = [500, 500];
    const queued = await enqueue({ event: 'order.shipped' });
    const d = dispatcher({ baseDelayMs: 1_000 });
    const start = clock.now;
    try {
      for (const attempt of [1, 2]) {
        expect(await d.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
        const row = await statusOf(queued!.deliveryId);
        expect(row).toMatchObject({ status: 'pending', attempts: attempt });
        // Not due again until the backoff has passed.
        expect(row?.next_attempt_at && new Date(row.next_attempt_at).getTime()).toBeGreaterThan(clock.now.getTime());
        expect(await d.runOnce()).toMatchObject({ claimed: 0 });
        clock.now = new Date(row!.next_attempt_at!);
      }
      expect(await d.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    } finally {
      clock.now = start;
    }
    expect(receiver.requests.map((r) => r.headers['aisle-delivery-id'])).toEqual(Array(3).fill(queued!.deliveryId));
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    expect(await statusOf(queued!.deliveryId)).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  test('after max attempts a delivery is dead: kept, listed, never sent again', async () => {
    receiver.statuses = Array(10).fill(503);
    const queued = await enqueue({ event: 'order.cancelled' });
    const d = dispatcher({ maxAttempts: 3, baseDelayMs: 1_000 });
    const start = clock.now;
    try {
      for (let i = 0; i < 3; i++) {
        await d.runOnce();
        const row = await statusOf(queued!.deliveryId);
        if (row?.next_attempt_at) clock.now = new Date(row.next_attempt_at);
      }
      expect(await listWebhookDeliveries(f.db, 't1', { status: 'dead' })).toEqual([
        expect.objectContaining({ deliveryId: queued!.deliveryId, event: 'order.cancelled', attempts: 3, lastStatusCode: 503, lastError: 'HTTP 503', nextAttemptAt: null }),
      ]);
      clock.now = new Date(clock.now.getTime() + 7 * 24 * 3_600_000);
      expect(await d.runOnce()).toMatchObject({ claimed: 0 });
    } finally {
      clock.now = start;
    }
    expect(receiver.requests).toHaveLength(3);
    expect(await listWebhookDeliveries(f.db, 't1', { status: 'pending' })).toEqual([]);
  });

  test('backoff doubles from the base, is capped, and jitters within the upper half', () => {
    const at = (random: number) => dispatcher({ baseDelayMs: 1_000, maxDelayMs: 60_000, random: () => random });
    expect([1, 2, 3, 4].map((n) => at(0).backoffMs(n))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => at(0.999_999).backoffMs(n))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(at(0).backoffMs(40)).toBe(30_000);
    expect(at(0.999_999).backoffMs(40)).toBe(60_000);
  });

  test('a receiver that never answers, refuses connections or redirects is a failed attempt, retried later', async () => {
    receiver.hang = true;
    const hung = await enqueue();
    expect(await dispatcher({ timeoutMs: 200 }).runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect(await listWebhookDeliveries(f.db, 't1', { status: 'pending' })).toEqual([
      expect.objectContaining({ deliveryId: hung!.deliveryId, lastError: 'timeout after 200 ms', lastStatusCode: null }),
    ]);
    receiver.reset();
    await f.db.query('DELETE FROM webhook_deliveries');

    // A port that was just free: connection refused.
    const closed = new Receiver();
    await closed.start();
    await closed.stop();
    await f.db.transaction((tx) => upsertChannel(tx, { tenantId: 't1', id: 'refused', kind: 'generic', webhookUrl: closed.url, webhookSecret: WEBHOOK_SECRET }));
    const refused = await enqueue({ channel: 'refused' });
    expect(await dispatcher().runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    const [row] = await listWebhookDeliveries(f.db, 't1', { status: 'pending' });
    expect(row).toMatchObject({ deliveryId: refused!.deliveryId, lastStatusCode: null });
    expect(row?.lastError).toContain('ECONNREFUSED');
    await f.db.query('DELETE FROM webhook_deliveries');

    receiver.statuses = [302];
    const redirected = await enqueue();
    expect(await dispatcher().runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect(receiver.requests).toHaveLength(1); // the Location was not followed
    expect(await statusOf(redirected!.deliveryId)).toMatchObject({ status: 'pending' });
  });

  test('a channel without a webhook URL gets nothing queued; one that lost its URL leaves deliveries undeliverable', async () => {
    expect(await enqueue({ channel: 'pos' })).toBeNull();
    expect(await enqueue({ channel: 'no-such-channel' })).toBeNull();
    expect(await countRows(f.db, 'webhook_deliveries')).toBe(0);

    await f.db.transaction((tx) => upsertChannel(tx, { tenantId: 't1', id: 'kiosk', kind: 'generic', webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET }));
    const queued = await enqueue({ channel: 'kiosk' });
    await f.db.transaction((tx) => upsertChannel(tx, { tenantId: 't1', id: 'kiosk', kind: 'generic' }));
    expect(await dispatcher().runOnce()).toMatchObject({ claimed: 1, undeliverable: 1 });
    expect(receiver.requests).toHaveLength(0);
    expect(await listWebhookDeliveries(f.db, 't1', { status: 'undeliverable' })).toEqual([
      expect.objectContaining({ deliveryId: queued!.deliveryId, lastError: 'the channel has no webhook URL' }),
    ]);
  });

  test('an event queued in a transaction that rolls back is never sent', async () => {
    await expect(
      f.db.transaction(async (tx) => {
        await enqueueStatusWebhook(tx, { tenantId: 't1', channel: 'web', event: 'order.routed', orderId, payload: {} });
        throw new Error('the status change failed');
      }),
    ).rejects.toThrow('the status change failed');
    expect(await countRows(f.db, 'webhook_deliveries')).toBe(0);
    await expect(enqueue({ event: 'order.teleported' as never })).rejects.toThrow('unknown webhook event');
  });

  test('a claim whose lease expired (a dispatcher died mid-send) is taken over; a live lease is left alone', async () => {
    const expired = await enqueue({ event: 'order.picked_up' });
    const live = await enqueue({ event: 'order.refunded' });
    const lease = (id: string, until: Date) =>
      f.db.query("UPDATE webhook_deliveries SET status = 'sending', attempts = 1, claim_token = $2, locked_until = $3 WHERE id = $1", [
        id,
        crypto.randomUUID(),
        until.toISOString(),
      ]);
    await lease(expired!.deliveryId, new Date(clock.now.getTime() - 1));
    await lease(live!.deliveryId, new Date(clock.now.getTime() + 60_000));
    expect(await dispatcher().runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(receiver.requests.map((r) => r.headers['aisle-delivery-id'])).toEqual([expired!.deliveryId]);
    expect(await statusOf(expired!.deliveryId)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(await statusOf(live!.deliveryId)).toMatchObject({ status: 'sending' });
  });

  test('two dispatchers draining concurrently deliver every row exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await enqueue({ payload: { n: i } }))!.deliveryId);
    const drain = async (d: WebhookDispatcher) => {
      let claimed = 0;
      for (;;) {
        const r = await d.runOnce();
        if (r.claimed === 0) return claimed;
        claimed += r.claimed;
      }
    };
    const [a, b] = await Promise.all([drain(dispatcher({ batchSize: 3 })), drain(dispatcher({ batchSize: 3 }))]);
    expect(a + b).toBe(40);
    const perId = new Map<string, number>();
    for (const r of receiver.requests) perId.set(String(r.headers['aisle-delivery-id']), (perId.get(String(r.headers['aisle-delivery-id'])) ?? 0) + 1);
    expect([...perId.keys()].sort()).toEqual([...ids].sort());
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    const rows = await listWebhookDeliveries(f.db, 't1');
    expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
  });

  test('start() polls and delivers until stop()', async () => {
    const d = dispatcher({ intervalMs: 5 });
    const arrived = receiver.nextRequest();
    const queued = await enqueue({ event: 'order.routed' });
    d.start();
    await arrived;
    await d.stop();
    expect(receiver.requests.map((r) => r.headers['aisle-event'])).toEqual(['order.routed']);
    // stop() waits for the tick in flight, so its outcome is recorded.
    expect(await statusOf(queued!.deliveryId)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  test('the signing secret and the webhook URL never reach the logs', async () => {
    logs.length = 0;
    receiver.statuses = [500];
    await enqueue();
    const d = dispatcher({ baseDelayMs: 1 });
    await d.runOnce();
    clock.now = new Date(clock.now.getTime() + 1_000);
    await d.runOnce();
    expect(logs.some((e) => e.msg === 'webhook delivered')).toBe(true);
    expect(logs.some((e) => e.msg === 'webhook delivery failed')).toBe(true);
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain(WEBHOOK_SECRET);
    expect(logged).not.toContain(receiver.url);
  });
});
