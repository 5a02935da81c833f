import { PGlite } from '@electric-sql/pglite';
import type { Db, Sql } from './db.ts';

/**
 * PGlite is a single connection. Every statement outside a transaction and
 * every transaction takes one lock, so a stray query can never run inside
 * somebody else's transaction.
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const pg = dataDir ? new PGlite(dataDir) : new PGlite();
  await pg.waitReady;
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    exec: async (text) => {
      await q.exec(text);
    },
    query: async <T extends object>(text: string, params?: readonly unknown[]) => {
      const res = await q.query<T>(text, params ? [...params] : undefined);
      return { rows: res.rows };
    },
  });
  return {
    kind: 'pglite',
    query: (text, params) => exclusive(() => wrap(pg).query(text, params)),
    exec: (text) => exclusive(() => wrap(pg).exec(text)),
    // One connection means no concurrent transaction can conflict: no retry needed.
    transaction: (fn) => exclusive(() => pg.transaction((tx) => fn(wrap(tx)))),
    close: () => exclusive(() => pg.close()),
  };
}
