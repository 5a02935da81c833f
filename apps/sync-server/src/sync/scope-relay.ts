import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ScopeNotifier } from './notifier.ts';

export interface ScopeRelayOptions {
  connectionString: string;
  /** Instances that should hear each other share a namespace (the schema): test schemas on one database stay apart. */
  namespace: string;
  notifier: ScopeNotifier;
  log: (entry: Record<string, unknown>) => void;
  /** Wait before reconnecting after the connection drops. */
  reconnectMs?: number;
}

/** NOTIFY payloads are capped at 8000 bytes; stay well under with room for the envelope. */
const MAX_PAYLOAD_CHARS = 7000;

/**
 * Carries "this location's replica changed" between server instances over
 * PostgreSQL LISTEN/NOTIFY, on one dedicated connection per instance.
 *
 * The NOTIFY is sent after the business transaction committed, in its own
 * statement, coalescing every scope published in the same tick — not from a
 * trigger inside the transaction: PostgreSQL serialises the commits of all
 * transactions that issued NOTIFY behind one global lock, which would cap
 * order capture at the rate of one WAL flush at a time. The price: an
 * instance that dies between commit and NOTIFY loses the hint, and devices
 * learn of the change at their next resync (reconnect, push, or `online`).
 * The hint carries no data, so losing or duplicating one is harmless.
 */
export class PgScopeRelay {
  readonly #opts: ScopeRelayOptions;
  readonly #instanceId = randomUUID();
  readonly #channel: string;
  #client: pg.Client | undefined;
  #pending = new Set<string>();
  #flushScheduled = false;
  #stopped = false;
  #removeRelay: (() => void) | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;

  constructor(opts: ScopeRelayOptions) {
    this.#opts = opts;
    this.#channel = `aisle_scope:${opts.namespace}`;
  }

  async start(): Promise<void> {
    this.#removeRelay = this.#opts.notifier.relayTo((tenantId, locationId) => this.#enqueue(`${tenantId}/${locationId}`));
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#removeRelay?.();
    clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#opts.connectionString });
    client.on('notification', (msg) => {
      if (msg.channel !== this.#channel || !msg.payload) return;
      const { from, scopes } = JSON.parse(msg.payload) as { from: string; scopes: string[] };
      if (from === this.#instanceId) return;
      for (const scope of scopes) {
        const slash = scope.indexOf('/');
        this.#opts.notifier.deliver(scope.slice(0, slash), scope.slice(slash + 1));
      }
    });
    client.on('error', (e) => {
      this.#opts.log({ level: 'warn', msg: 'scope relay connection lost', err: e.message });
      void this.#reconnect(client);
    });
    client.on('end', () => void this.#reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(this.#channel)}`);
    this.#client = client;
  }

  async #reconnect(dead: pg.Client): Promise<void> {
    if (this.#stopped || this.#client !== dead) return;
    this.#client = undefined;
    await dead.end().catch(() => undefined);
    this.#reconnectTimer = setTimeout(() => {
      this.#connect()
        // Hints sent while we were away are gone: let every local stream resync.
        .then(() => this.#opts.notifier.deliverAll())
        .catch((e: unknown) => {
          this.#opts.log({ level: 'warn', msg: 'scope relay reconnect failed', err: String(e) });
          this.#client = dead;
          void this.#reconnect(dead);
        });
    }, this.#opts.reconnectMs ?? 1000);
    this.#reconnectTimer.unref();
  }

  #enqueue(scope: string): void {
    this.#pending.add(scope);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    const scopes = [...this.#pending];
    this.#pending.clear();
    const client = this.#client;
    if (!client || scopes.length === 0) return;
    const payloads: string[] = [];
    let batch: string[] = [];
    for (const scope of scopes) {
      batch.push(scope);
      if (JSON.stringify(batch).length > MAX_PAYLOAD_CHARS) {
        batch.pop();
        payloads.push(JSON.stringify({ from: this.#instanceId, scopes: batch }));
        batch = [scope];
      }
    }
    payloads.push(JSON.stringify({ from: this.#instanceId, scopes: batch }));
    try {
      await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [this.#channel, payloads]);
    } catch (e) {
      this.#opts.log({ level: 'warn', msg: 'scope relay notify failed', err: String(e) });
    }
  }
}
