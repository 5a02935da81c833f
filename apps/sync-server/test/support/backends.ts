import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/storage/db.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openPglite } from '../../src/storage/pglite.ts';
import { openPostgres } from '../../src/storage/postgres.ts';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A migrated, empty database of its own. */
  open(): Promise<{ db: Db; dispose(): Promise<void>; openPeer?: () => Promise<Db>; relay?: { connectionString: string; namespace: string } }>;
}

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const db = await openPglite(undefined);
    await migrate(db);
    return { db, dispose: () => db.close() };
  },
};

/** Each test file gets a throwaway schema, so parallel files and CI runs never collide. */
const postgres = (url: string): Backend => ({
  name: 'postgres',
  async open() {
    const schema = `aisle_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const db = await openPostgres({ connectionString: url, schema, maxConnections: 40 });
    await migrate(db);
    const peers: Db[] = [];
    return {
      db,
      relay: { connectionString: url, namespace: schema },
      // Another server instance on the same database: its own pool, same schema.
      async openPeer() {
        const peer = await openPostgres({ connectionString: url, schema, maxConnections: 20 });
        peers.push(peer);
        return peer;
      },
      async dispose() {
        for (const peer of peers) await peer.close();
        await db.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  },
});

/** The storage contract runs on PGlite always, and on PostgreSQL when DATABASE_URL is set. */
export const BACKENDS: Backend[] = [pglite, ...(process.env.DATABASE_URL ? [postgres(process.env.DATABASE_URL)] : [])];
