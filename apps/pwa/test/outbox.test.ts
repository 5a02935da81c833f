import type { CommandResult, PushRequest } from '@aisle/domain/protocol';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ApiClient, type ApiFailure, type FetchLike } from '../src/api/api-client.ts';
import type { AisleDatabase } from '../src/db/database.ts';
import { OutboxPusher } from '../src/features/sync/outbox-pusher.ts';
import { enqueueCommand, pruneCaughtUp } from '../src/features/sync/outbox.ts';
import { makeFulfilmentOrder, pickCommand } from './fixtures.ts';
import { createTestDatabase } from './test-database.ts';

const NOW = new Date('2026-11-27T11:00:00.000Z');

type Answer = (request: PushRequest) => Response | Promise<Response>;

function fakeFetch(answer: Answer): FetchLike & { calls: PushRequest[] } {
  const calls: PushRequest[] = [];
  const fetch = async (_input: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as PushRequest;
    calls.push(body);
    return answer(body);
  };
  return Object.assign(fetch, { calls });
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const applyAll =
  (version = 2): Answer =>
  (request) =>
    json(200, {
      results: request.commands.map((c, i): CommandResult => ({ commandId: c.id, status: 'applied', documentVersion: version + i })),
    });

describe('outbox', () => {
  let db: AisleDatabase;
  const failures: ApiFailure[] = [];
  let pushed = 0;

  beforeEach(async () => {
    db = await createTestDatabase();
    failures.length = 0;
    pushed = 0;
  });
  afterEach(async () => {
    await db.remove();
  });

  function pusher(fetch: FetchLike, batchSize?: number): OutboxPusher {
    return new OutboxPusher({
      db,
      client: new ApiClient({ baseUrl: 'http://aisle.test', fetch, token: 't' }),
      ...(batchSize ? { batchSize } : {}),
      onSuccess: () => undefined,
      onFailure: (f) => failures.push(f),
      onPushed: () => pushed++,
      // Keep retry timers far beyond the test's lifetime.
      backoff: { baseMs: 60_000, maxMs: 60_000 },
    });
  }

  const states = async () => (await db.outbox.find({ sort: [{ deviceSeq: 'asc' }] }).exec()).map((d) => d.state);

  test('a new command is stored pending with increasing deviceSeq and a UUIDv7 id', async () => {
    const a = await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    const b = await enqueueCommand(db, pickCommand('l2'), 1, NOW);
    expect(b.deviceSeq).toBe(a.deviceSeq + 1);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await states()).toEqual(['pending', 'pending']);
  });

  test('deviceSeq never repeats, even for concurrent enqueues', async () => {
    const entries = await Promise.all(Array.from({ length: 20 }, () => enqueueCommand(db, pickCommand('l1'), 1, NOW)));
    expect(new Set(entries.map((e) => e.deviceSeq)).size).toBe(20);
  });

  test('pending → acked on applied, then removed once the replica catches up', async () => {
    await db.fulfilment_orders.insert(makeFulfilmentOrder({ version: 1 }));
    const entry = await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    const fetch = fakeFetch(applyAll(2));
    await pusher(fetch).trigger();

    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.commands[0]).toMatchObject({ id: entry.id, deviceSeq: entry.deviceSeq, baseVersion: 1 });
    const acked = await db.outbox.findOne(entry.id).exec();
    expect(acked?.state).toBe('acked');
    expect(acked?.documentVersion).toBe(2);
    expect(pushed).toBe(1);

    // The replica is still at version 1: the entry must stay so the view keeps showing the pick.
    expect(await pruneCaughtUp(db)).toBe(0);
    expect(await states()).toEqual(['acked']);

    await db.fulfilment_orders.upsert(makeFulfilmentOrder({ version: 2 }));
    expect(await pruneCaughtUp(db)).toBe(1);
    expect(await states()).toEqual([]);
  });

  test('acked entries whose order left the replica are removed', async () => {
    const entry = await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    await pusher(fakeFetch(applyAll(2))).trigger();
    expect((await db.outbox.findOne(entry.id).exec())?.state).toBe('acked');
    expect(await pruneCaughtUp(db)).toBe(1);
  });

  test('pending → rejected with the reason, and kept', async () => {
    await db.fulfilment_orders.insert(makeFulfilmentOrder({ version: 9 }));
    const entry = await enqueueCommand(db, pickCommand('l2'), 1, NOW);
    const fetch = fakeFetch((request) =>
      json(200, {
        results: request.commands.map((c) => ({
          commandId: c.id,
          status: 'rejected',
          reason: { code: 'line_already_picked', message: 'every unit of this line is already picked' },
        })),
      }),
    );
    await pusher(fetch).trigger();
    const doc = await db.outbox.findOne(entry.id).exec();
    expect(doc?.state).toBe('rejected');
    expect(doc?.reason).toEqual({ code: 'line_already_picked', message: 'every unit of this line is already picked' });
    await pruneCaughtUp(db);
    expect(await states()).toEqual(['rejected']);
  });

  test('a network error keeps the command pending and reports a retryable failure', async () => {
    await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    const p = pusher(async () => {
      throw new TypeError('Failed to fetch');
    });
    await p.trigger();
    p.stop();
    expect(await states()).toEqual(['pending']);
    expect(failures.map((f) => f.kind)).toEqual(['network']);
    expect(failures[0]?.retryable).toBe(true);
    expect(pushed).toBe(0);
  });

  test('a 5xx keeps the command pending', async () => {
    await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    const p = pusher(fakeFetch(() => json(503, { error: { code: 'internal', message: 'down' } })));
    await p.trigger();
    p.stop();
    expect(await states()).toEqual(['pending']);
    expect(failures.map((f) => f.kind)).toEqual(['unavailable']);
  });

  test('401 and 426 keep the outbox untouched and stop pushing', async () => {
    await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    for (const [status, code, kind] of [
      [401, 'unauthenticated', 'unauthenticated'],
      [426, 'protocol_outdated', 'outdated'],
    ] as const) {
      failures.length = 0;
      const fetch = fakeFetch(() => json(status, { error: { code, message: 'no' } }));
      const p = pusher(fetch);
      await p.trigger();
      await p.trigger(); // stopped: no second request
      expect(fetch.calls).toHaveLength(1);
      expect(failures.map((f) => f.kind)).toEqual([kind]);
      expect(await states()).toEqual(['pending']);
    }
  });

  test('retrying after a lost answer is safe: the replayed result only settles pending entries', async () => {
    const entry = await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    let first = true;
    const fetch = fakeFetch(async (request) => {
      if (first) {
        first = false;
        throw new TypeError('timeout'); // the server applied it, but the answer never arrived
      }
      return applyAll(2)(request);
    });
    const p = pusher(fetch);
    await p.trigger();
    expect(await states()).toEqual(['pending']);
    await p.trigger();
    p.stop();
    expect(fetch.calls.map((c) => c.commands.map((x) => x.id))).toEqual([[entry.id], [entry.id]]);
    expect(await states()).toEqual(['acked']);
  });

  test('sends in deviceSeq order, in batches of at most the batch size, one request at a time', async () => {
    for (let i = 0; i < 5; i++) await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    let inFlight = 0;
    let maxInFlight = 0;
    const fetch = fakeFetch(async (request) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return applyAll(2)(request);
    });
    const p = pusher(fetch, 2);
    await Promise.all([p.trigger(), p.trigger(), p.trigger()]);
    expect(fetch.calls.map((c) => c.commands.length)).toEqual([2, 2, 1]);
    const seqs = fetch.calls.flatMap((c) => c.commands.map((x) => x.deviceSeq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(maxInFlight).toBe(1);
    expect(await states()).toEqual(['acked', 'acked', 'acked', 'acked', 'acked']);
  });

  test('a batch the server refuses as a request is retried one by one; only the culprit is rejected', async () => {
    const good = await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    const bad = await enqueueCommand(db, pickCommand('l2'), 1, NOW);
    const fetch = fakeFetch((request) =>
      request.commands.some((c) => c.id === bad.id)
        ? json(400, { error: { code: 'invalid_body', message: 'commands.0.command: unknown', field: 'commands.0.command' } })
        : applyAll(2)(request),
    );
    await pusher(fetch).trigger();
    expect(fetch.calls.map((c) => c.commands.length)).toEqual([2, 1, 1]);
    expect((await db.outbox.findOne(good.id).exec())?.state).toBe('acked');
    const rejected = await db.outbox.findOne(bad.id).exec();
    expect(rejected?.state).toBe('rejected');
    expect(rejected?.reason?.code).toBe('invalid_body');
  });
});
