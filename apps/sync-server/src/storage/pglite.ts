import { parse, PGlite, protocol } from '@electric-sql/pglite';
import type { Db, Sql } from './db.ts';

/**
 * PGlite is a single connection. Every statement outside a transaction and
 * every transaction takes one lock, so a stray query can never run inside
 * somebody else's transaction.
 *
 * Parameterised statements are prepared once, by name, and then only bound and
 * executed: PGlite's own `query` parses, plans and describes the text on every
 * call, in WebAssembly on the server's one thread, which was most of the cost of
 * capture's large statements. As on PostgreSQL (postgres.ts), a cap keeps texts
 * built at run time from growing the session's statements without bound.
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
  const prepared = new Map<string, { name: string; paramTypes: number[] }>();
  let inTransaction = false;

  const prepare = async (text: string) => {
    let statement = prepared.get(text);
    if (!statement && prepared.size < MAX_PREPARED_TEXTS) {
      const name = `aisle_${prepared.size + 1}`;
      const { serialize } = protocol;
      const described = await pg.execProtocolStream(concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]), {
        syncToFs: false,
      });
      statement = { name, paramTypes: parse.parseDescribeStatementResults(described) };
      prepared.set(text, statement);
    }
    return statement;
  };

  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    exec: async (text) => {
      await q.exec(text);
    },
    query: async <T extends object>(text: string, params?: readonly unknown[]) => {
      const statement = params ? await prepare(text) : undefined;
      if (!statement) {
        const res = await q.query<T>(text, params ? [...params] : undefined);
        return { rows: res.rows };
      }
      // Serialised as PGlite's own query does it: by the parameter types PostgreSQL inferred.
      const values = (params ?? []).map((p, i) => {
        if (p === null || p === undefined) return null;
        const serialize = pg.serializers[statement.paramTypes[i] ?? 0];
        return serialize ? serialize(p) : String(p);
      });
      const { serialize } = protocol;
      const messages = await pg.execProtocolStream(
        concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
        { syncToFs: false },
      );
      if (!inTransaction) await pg.syncToFs();
      return { rows: (parse.parseResults(messages, pg.parsers)[0]?.rows ?? []) as T[] };
    },
  });
  return {
    kind: 'pglite',
    query: (text, params) => exclusive(() => wrap(pg).query(text, params)),
    exec: (text) => exclusive(() => wrap(pg).exec(text)),
    // One connection means no concurrent transaction can conflict: no retry needed.
    transaction: (fn) =>
      exclusive(() =>
        pg.transaction(async (tx) => {
          inTransaction = true;
          // Statements of one transaction run one at a time even when the caller
          // overlaps them (Promise.all): the prepared-statement path writes
          // protocol messages straight to the one connection, and interleaved
          // parse/bind/sync messages abort the transaction.
          const inner = wrap(tx);
          let txTail: Promise<unknown> = Promise.resolve();
          const serial = <T>(run: () => Promise<T>): Promise<T> => {
            const next = txTail.then(run, run);
            txTail = next.catch(() => undefined);
            return next;
          };
          try {
            return await fn({ query: (text, params) => serial(() => inner.query(text, params)), exec: (text) => serial(() => inner.exec(text)) });
          } finally {
            inTransaction = false;
          }
        }),
      ),
    close: () => exclusive(() => pg.close()),
  };
}

const MAX_PREPARED_TEXTS = 1000;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
