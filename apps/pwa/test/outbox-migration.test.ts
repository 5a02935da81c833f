import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { expect, test } from 'vitest';
import { createAisleDatabase } from '../src/db/database.ts';
import { outboxSchema, type OutboxEntry } from '../src/db/schemas.ts';
import { pendingBatch, toEnvelope } from '../src/features/sync/outbox.ts';
import { makeEntry, pickCommand } from './fixtures.ts';

/** The outbox schema as devices stored it before sign-in (version 0), frozen here on purpose. */
type OutboxEntryV0 = Omit<OutboxEntry, 'sessionId'>;
const OUTBOX_V0: RxJsonSchema<OutboxEntryV0> = {
  title: 'command outbox',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 36 },
    deviceSeq: { type: 'integer', minimum: 0, maximum: 2 ** 52, multipleOf: 1 },
    createdAt: { type: 'string', format: 'date-time' },
    baseVersion: { type: 'integer', minimum: 0 },
    command: { type: 'object' },
    fulfilmentOrderId: { type: 'string', maxLength: 100 },
    state: { type: 'string', enum: ['pending', 'acked', 'rejected'], maxLength: 10 },
    documentVersion: { type: 'integer' },
    reason: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['id', 'deviceSeq', 'createdAt', 'baseVersion', 'command', 'fulfilmentOrderId', 'state'],
  indexes: ['deviceSeq', ['state', 'deviceSeq']],
};

// On Dexie (fake-indexeddb), as in the browser: the database must survive closing and reopening.
test('upgrading the outbox schema keeps every entry and its state; old entries have no sessionId', async () => {
  expect(outboxSchema.version).toBeGreaterThan(0);
  addRxPlugin(RxDBLocalDocumentsPlugin);
  const name = `aisle-migrate-${Math.random().toString(36).slice(2, 8)}`;
  const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
  const entries = [
    makeEntry({ command: pickCommand('l1') }),
    makeEntry({ command: pickCommand('l2') }),
    makeEntry({ command: pickCommand('l1'), state: 'rejected', reason: { code: 'line_already_picked', message: 'done' } }),
  ];

  const old = await createRxDatabase<{ outbox: RxCollection<OutboxEntryV0> }>({ name, storage, multiInstance: false, localDocuments: true });
  await old.addCollections({ outbox: { schema: OUTBOX_V0 } });
  await old.outbox.bulkInsert(entries);
  await old.upsertLocal('device-seq', { next: 99 });
  await old.close();

  const db = await createAisleDatabase({ storage, name, multiInstance: false });
  try {
    const migrated = (await db.outbox.find({ sort: [{ deviceSeq: 'asc' }] }).exec()).map((d) => d.toMutableJSON());
    expect(migrated).toEqual(entries);
    expect(migrated.every((e) => e.sessionId === undefined)).toBe(true);
    const pending = await pendingBatch(db, 10);
    expect(pending.map((e) => e.id)).toEqual([entries[0]?.id, entries[1]?.id]);
    expect(pending.map(toEnvelope).every((envelope) => !('sessionId' in envelope))).toBe(true);
    expect((await db.getLocal<{ next: number }>('device-seq'))?.toJSON().data.next).toBe(99);
  } finally {
    await db.remove();
  }
});
