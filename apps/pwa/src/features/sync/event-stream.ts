import { ApiFailure, type ApiClient } from '../../api/api-client.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import type { Network } from './network.ts';
import { SseParser } from './sse-parser.ts';

export const STREAM_PATH = '/api/v1/sync/stream';

export type StreamSignal =
  /** The server accepted the stream: anything missed while away must be pulled now. */
  | { type: 'connected' }
  /** The device's scope changed on the server. */
  | { type: 'changed'; collection: string }
  /** The stream ended; a reconnect follows. `failure` is null when the server closed it. */
  | { type: 'disconnected'; failure: ApiFailure | null }
  /** 401 or 426: reconnecting cannot help, so the stream stops. */
  | { type: 'fatal'; failure: ApiFailure };

export interface EventStreamOptions {
  client: ApiClient;
  onSignal: (signal: StreamSignal) => void;
  network?: Network;
  /** The server sends a comment ping every 15 s; silence longer than this means a dead connection. */
  idleTimeoutMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
}

/**
 * Keeps one Server-Sent Events connection open to the sync server and
 * reconnects with backoff. Only hints travel here; the data itself always
 * comes through pull, so a lost event costs nothing but a little latency.
 */
export class SyncEventStream {
  readonly #options: EventStreamOptions;
  #stopped = false;
  #connection: AbortController | null = null;
  #wake: (() => void) | null = null;

  constructor(options: EventStreamOptions) {
    this.#options = options;
  }

  start(): void {
    void this.#run();
  }

  stop(): void {
    this.#stopped = true;
    this.#connection?.abort();
    this.#wake?.();
  }

  /** Skip the backoff wait, e.g. when the browser reports it is online again. */
  reconnectNow(): void {
    this.#wake?.();
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (!this.#stopped) {
      if (this.#options.network && !this.#options.network.isOnline()) {
        await this.#sleep(backoffDelay(attempt++, this.#options.backoff ?? DEFAULT_BACKOFF, this.#options.random));
        continue;
      }
      const connection = new AbortController();
      this.#connection = connection;
      let failure: ApiFailure | null = null;
      try {
        const body = await this.#options.client.openStream(STREAM_PATH, connection.signal);
        if (this.#stopped) break;
        attempt = 0;
        this.#options.onSignal({ type: 'connected' });
        await this.#read(body, connection);
      } catch (error) {
        if (this.#stopped) break;
        failure = error instanceof ApiFailure ? error : new ApiFailure('network', String(error));
        if (failure.kind === 'unauthenticated' || failure.kind === 'outdated') {
          this.#options.onSignal({ type: 'fatal', failure });
          return;
        }
      } finally {
        this.#connection = null;
      }
      if (this.#stopped) break;
      this.#options.onSignal({ type: 'disconnected', failure });
      await this.#sleep(backoffDelay(attempt++, this.#options.backoff ?? DEFAULT_BACKOFF, this.#options.random));
    }
  }

  async #read(body: ReadableStream<Uint8Array>, connection: AbortController): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    const idleMs = this.#options.idleTimeoutMs ?? 45_000;
    let idle = setTimeout(() => connection.abort(), idleMs);
    const onAbort = () => void reader.cancel().catch(() => undefined);
    connection.signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || connection.signal.aborted) return;
        clearTimeout(idle);
        idle = setTimeout(() => connection.abort(), idleMs);
        for (const event of parser.push(decoder.decode(value, { stream: true }))) {
          if (event.event === 'changed') this.#options.onSignal({ type: 'changed', collection: collectionOf(event.data) });
        }
      }
    } finally {
      clearTimeout(idle);
      connection.signal.removeEventListener('abort', onAbort);
      reader.releaseLock();
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}

function collectionOf(data: string): string {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed === 'object' && parsed !== null && 'collection' in parsed && typeof parsed.collection === 'string') {
      return parsed.collection;
    }
  } catch {
    // A malformed hint still means "something changed".
  }
  return 'fulfilment_orders';
}
