import type { FulfilmentOrder } from '@aisle/domain';
import {
  addRxPlugin,
  createRxDatabase,
  type RxCollection,
  type RxDatabase,
  type RxStorage,
} from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { fulfilmentOrderSchema, outboxSchema, type OutboxEntry } from './schemas.ts';

export type AisleCollections = {
  fulfilment_orders: RxCollection<FulfilmentOrder>;
  outbox: RxCollection<OutboxEntry>;
};
export type AisleDatabase = RxDatabase<AisleCollections>;

export const DATABASE_NAME = 'aisle';

export interface CreateDatabaseOptions {
  // RxDB's storage type is generic over internals we never touch.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  storage: RxStorage<any, any>;
  name?: string;
  /** Several tabs share one IndexedDB; tests with memory storage run single-instance. */
  multiInstance?: boolean;
}

/**
 * Opens Aisle's local database on the given storage: Dexie (IndexedDB) in the
 * browser, memory in tests. Device credentials and counters are local
 * documents (see device-store.ts), so the schema stays at two collections,
 * well under RxDB's open-core collection limit.
 */
export async function createAisleDatabase(options: CreateDatabaseOptions): Promise<AisleDatabase> {
  addRxPlugin(RxDBLocalDocumentsPlugin);
  addRxPlugin(RxDBLeaderElectionPlugin);
  addRxPlugin(RxDBMigrationSchemaPlugin);
  const db = await createRxDatabase<AisleCollections>({
    name: options.name ?? DATABASE_NAME,
    storage: options.storage,
    localDocuments: true,
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
  });
  await db.addCollections({
    fulfilment_orders: {
      schema: fulfilmentOrderSchema,
      // The replica is the server's data: old documents fit the new schema as they are.
      migrationStrategies: { 1: (doc: FulfilmentOrder) => doc },
    },
    outbox: {
      schema: outboxSchema,
      // Unsent commands are physical facts: a migration keeps every entry and its state.
      // Version-0 entries predate sign-in and stay without a sessionId.
      migrationStrategies: { 1: (entry: OutboxEntry) => entry },
    },
  });
  return db;
}
