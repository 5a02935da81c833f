import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { expect, test } from 'vitest';
import { createAisleDatabase } from '../src/db/database.ts';
import { enqueueCommand, pendingBatch } from '../src/features/sync/outbox.ts';
import { makeFulfilmentOrder, pickCommand } from './fixtures.ts';

// The browser runs on Dexie, which rejects schemas memory storage accepts
// (DXE1: an indexed field that is not required). Open the real schema on it once.
test('the schema opens on the Dexie storage and the outbox index serves pending-by-deviceSeq', async () => {
  const db = await createAisleDatabase({
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
    name: `aisle-dexie-${Math.random().toString(36).slice(2, 8)}`,
    multiInstance: false,
  });
  try {
    await db.fulfilment_orders.insert(makeFulfilmentOrder());
    const now = new Date('2026-11-27T11:00:00.000Z');
    const first = await enqueueCommand(db, pickCommand('l1'), 1, now);
    const second = await enqueueCommand(db, pickCommand('l2'), 1, now);
    await (await db.outbox.findOne(first.id).exec())?.incrementalPatch({ state: 'acked', documentVersion: 2 });
    expect((await pendingBatch(db, 10)).map((e) => e.id)).toEqual([second.id]);
  } finally {
    await db.remove();
  }
});
