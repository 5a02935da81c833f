import { firstValueFrom, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { AisleDatabase } from '../src/db/database.ts';
import { pickByScan } from '../src/features/pick/pick-by-scan.ts';
import { manualNetwork } from '../src/features/sync/network.ts';
import { rebasedOrder$ } from '../src/features/sync/orders-view.ts';
import { SyncEngine } from '../src/features/sync/sync-engine.ts';
import { syncStatus$ } from '../src/features/sync/sync-status.ts';
import { BASE_URL, FakeSyncServer, TOKEN } from './fake-sync-server.ts';
import { MUG_GTIN, TEA_GTIN, makeFulfilmentOrder } from './fixtures.ts';
import { createTestDatabase } from './test-database.ts';

const NOW = new Date('2026-11-27T11:00:00.000Z');
const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 5_000, interval: 20 });

describe('SyncEngine against a fake server', () => {
  let db: AisleDatabase;
  let server: FakeSyncServer;
  let engine: SyncEngine;
  const network = manualNetwork(true);
  let unauthenticated = 0;

  beforeEach(async () => {
    db = await createTestDatabase();
    server = new FakeSyncServer();
    server.put(makeFulfilmentOrder());
    network.set(true);
    unauthenticated = 0;
    engine = new SyncEngine({
      db,
      baseUrl: BASE_URL,
      fetch: server.fetch,
      network,
      credentials: { token: TOKEN, tenantId: 't1', locationId: 'store-1' },
      onUnauthenticated: () => unauthenticated++,
      now: () => NOW,
      pullRetryMs: 50,
      random: () => 0,
    });
    engine.start();
  });

  afterEach(async () => {
    await engine.stop();
    await db.remove();
  });

  const replica = () => db.fulfilment_orders.findOne('fo-1').exec();
  const outbox = async () => (await db.outbox.find().exec()).map((d) => d.toJSON());

  test('pulls the scope, pushes a pick, pulls the result and empties the outbox', async () => {
    await waitFor(async () => expect((await replica())?.version).toBe(1));

    expect(await pickByScan(db, 'fo-1', TEA_GTIN, NOW)).toMatchObject({ kind: 'ok' });
    await waitFor(async () => {
      expect(server.doc('fo-1')?.lines[1]?.picked).toBe(1);
      expect((await replica())?.version).toBe(2);
      expect(await outbox()).toEqual([]);
    });
    const status = await firstValueFrom(syncStatus$(db, network, engine.link$));
    expect(status).toMatchObject({ online: true, pending: 0, rejected: [], lastSyncedAt: NOW.toISOString() });
  });

  test('offline: the pick stays pending and visible; back online it is sent and the order ends picked', async () => {
    await waitFor(async () => expect((await replica())?.version).toBe(1));
    server.goOffline();
    network.set(false);

    for (const code of [MUG_GTIN, MUG_GTIN, TEA_GTIN]) expect(await pickByScan(db, 'fo-1', code, NOW)).toMatchObject({ kind: 'ok' });
    const offline = await firstValueFrom(syncStatus$(db, network, engine.link$).pipe(filter((s) => s.pending === 3)));
    expect(offline.online).toBe(false);
    const view = await firstValueFrom(rebasedOrder$(db, 'fo-1'));
    expect(view?.status).toBe('picked');
    expect((await replica())?.status).toBe('assigned');

    server.online = true;
    network.set(true);
    await waitFor(async () => {
      expect(await outbox()).toEqual([]);
      expect((await replica())?.status).toBe('picked');
    });
    expect(server.pushes().flatMap((p) => p.commands.map((c) => c.deviceSeq))).toEqual([1, 2, 3]);
  });

  test('a pick the server refuses lands in the exceptions list and leaves the view', async () => {
    await waitFor(async () => expect((await replica())?.version).toBe(1));
    server.goOffline();
    network.set(false);
    await pickByScan(db, 'fo-1', TEA_GTIN, NOW);
    // Meanwhile another device picked the Tea.
    const other = makeFulfilmentOrder({ version: 2, status: 'picking' });
    server.put({ ...other, lines: other.lines.map((l) => (l.lineId === 'l2' ? { ...l, picked: 1 } : l)) });

    server.online = true;
    network.set(true);
    const status = await firstValueFrom(syncStatus$(db, network, engine.link$).pipe(filter((s) => s.rejected.length === 1)));
    expect(status.pending).toBe(0);
    expect(status.rejected[0]?.reason?.code).toBe('line_already_picked');
    await waitFor(async () => expect((await replica())?.version).toBe(2));
    const view = await firstValueFrom(rebasedOrder$(db, 'fo-1'));
    expect(view?.lines[1]?.picked).toBe(1); // the other device's pick, not ours on top
  });

  test('a revoked token sends the device back to enrolment and keeps the outbox', async () => {
    await waitFor(async () => expect((await replica())?.version).toBe(1));
    server.token = 'someone-else';
    await pickByScan(db, 'fo-1', MUG_GTIN, NOW);
    await waitFor(() => expect(unauthenticated).toBe(1));
    expect((await outbox()).map((e) => e.state)).toEqual(['pending']);
  });
});
