import { createHash } from 'node:crypto';
import pg from 'pg';
import { RETRYABLE_SQLSTATES, sqlState, type Db, type Sql } from './db.ts';

// int8 and numeric arrive as strings by default; counts and sequences in Aisle fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PostgresOptions {
  connectionString: string;
  /** Schema to work in (tests use a throwaway one per run); default `public`. */
  schema?: string;
  maxConnections?: number;
}

const MAX_ATTEMPTS = 8;

/**
 * Parameterised statements run as named prepared statements, so PostgreSQL
 * parses and plans each text once per connection instead of on every call
 * (planning was most of the server's cost of a small query such as the ATP
 * read). The SQL texts of this code base are constants, but a cap keeps a
 * text built at run time from growing every connection's statement cache:
 * past it, new texts run unnamed as before.
 */
const MAX_PREPARED_TEXTS = 1000;
const preparedNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED_TEXTS) {
    name = `aisle_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    preparedNames.set(text, name);
  }
  return name;
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.maxConnections ?? 10,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', (e) => console.error(JSON.stringify({ level: 'error', msg: 'idle postgres client error', err: e.message })));
  const wrap = (q: pg.Pool | pg.PoolClient): Sql => ({
    exec: async (text) => {
      await q.query(text);
    },
    query: async <T extends object>(text: string, params?: readonly unknown[]) => {
      const name = params ? statementName(text) : undefined;
      const res = name ? await q.query({ name, text, values: [...(params ?? [])] }) : await q.query(text, params ? [...params] : undefined);
      return { rows: res.rows as T[] };
    },
  });
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    query: (text, params) => wrap(pool).query(text, params),
    exec: (text) => wrap(pool).exec(text),
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client));
          await client.query('COMMIT');
          return result;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (!RETRYABLE_SQLSTATES.has(sqlState(e) ?? '') || attempt >= MAX_ATTEMPTS) throw e;
          // Jittered backoff so the contenders do not collide again in lockstep.
          await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}
