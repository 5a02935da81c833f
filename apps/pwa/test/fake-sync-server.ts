import { applyFloorCommand, validateFloorCommand, type FulfilmentOrder } from '@aisle/domain';
import {
  PROTOCOL_HEADER,
  PullRequest,
  PushRequest,
  type CommandResult,
  type FulfilmentOrderDoc,
  type PullResponse,
  type PushResponse,
} from '@aisle/domain/protocol';
import type { FetchLike } from '../src/api/api-client.ts';

export const BASE_URL = 'http://aisle.test';
export const TOKEN = 'device-token-1';

interface Row {
  doc: FulfilmentOrder;
  deleted: boolean;
  txid: number;
}

/**
 * An in-memory stand-in for the sync server's device API (pull, push, stream),
 * applying commands with the same domain rules, exactly once by id. Enough to
 * drive the PWA's sync code end to end in Node.
 */
export class FakeSyncServer {
  readonly rows = new Map<string, Row>();
  readonly results = new Map<string, CommandResult>();
  readonly requests: { path: string; body: unknown }[] = [];
  online = true;
  token = TOKEN;
  /** Answer every push with this status instead of handling it. */
  pushStatus: number | null = null;
  #txid = 0;
  #streams = new Set<ReadableStreamDefaultController<Uint8Array>>();

  put(doc: FulfilmentOrder, deleted = false): void {
    this.rows.set(doc.id, { doc, deleted, txid: ++this.#txid });
    this.#notify();
  }

  doc(id: string): FulfilmentOrder | undefined {
    return this.rows.get(id)?.doc;
  }

  pushes(): PushRequest[] {
    return this.requests.filter((r) => r.path === '/api/v1/sync/push').map((r) => r.body as PushRequest);
  }

  goOffline(): void {
    this.online = false;
    for (const stream of this.#streams) stream.error(new TypeError('network down'));
    this.#streams.clear();
  }

  readonly fetch: FetchLike = async (input, init = {}) => {
    if (!this.online) throw new TypeError('Failed to fetch');
    const path = new URL(input).pathname;
    const headers = new Headers(init.headers);
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    this.requests.push({ path, body });
    if (headers.get(PROTOCOL_HEADER) !== '1') return json(400, { error: { code: 'missing_header', message: 'protocol' } });
    if (headers.get('Authorization') !== `Bearer ${this.token}`) {
      return json(401, { error: { code: 'unauthenticated', message: 'unknown or revoked device token' } });
    }
    switch (path) {
      case '/api/v1/sync/pull':
        return json(200, this.#pull(PullRequest.parse(body)));
      case '/api/v1/sync/push':
        if (this.pushStatus !== null) return json(this.pushStatus, { error: { code: 'internal', message: 'push refused by test' } });
        return json(200, this.#push(PushRequest.parse(body)));
      case '/api/v1/sync/stream':
        return this.#stream(init.signal ?? undefined);
      default:
        return json(404, { error: { code: 'not_found', message: path } });
    }
  };

  #pull(request: PullRequest): PullResponse {
    const after = request.checkpoint;
    const rows = [...this.rows.values()]
      .filter((r) => !after || r.txid > Number(after.txid) || (r.txid === Number(after.txid) && r.doc.id > after.id))
      .sort((a, b) => a.txid - b.txid || a.doc.id.localeCompare(b.doc.id))
      .slice(0, request.limit);
    const last = rows.at(-1);
    return {
      documents: rows.map((r): FulfilmentOrderDoc => ({ ...r.doc, _deleted: r.deleted })),
      checkpoint: last ? { txid: String(last.txid), id: last.doc.id } : after,
    };
  }

  #push(request: PushRequest): PushResponse {
    const results = request.commands.map((envelope): CommandResult => {
      const stored = this.results.get(envelope.id);
      if (stored) return stored;
      const command = envelope.command;
      // The fake holds fulfilment orders only; return commands are the real server's business.
      const row = 'fulfilmentOrderId' in command ? this.rows.get(command.fulfilmentOrderId) : undefined;
      let result: CommandResult;
      if (!row || row.deleted || !('fulfilmentOrderId' in command)) {
        result = { commandId: envelope.id, status: 'rejected', reason: { code: 'not_found', message: 'no such order' } };
      } else {
        const valid = validateFloorCommand(row.doc, command);
        if (valid.ok) {
          const next = applyFloorCommand(row.doc, command, { now: '2026-11-27T12:00:00.000Z' }).state;
          this.rows.set(next.id, { doc: next, deleted: false, txid: ++this.#txid });
          result = { commandId: envelope.id, status: 'applied', documentVersion: next.version };
        } else {
          result = { commandId: envelope.id, status: 'rejected', reason: valid.error };
        }
      }
      this.results.set(envelope.id, result);
      return result;
    });
    this.#notify();
    return { results };
  }

  #stream(signal: AbortSignal | undefined): Response {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
        this.#streams.add(c);
        c.enqueue(encode('event: hello\ndata: {"protocolVersion":1}\n\n'));
      },
      cancel: () => {
        this.#streams.delete(controller);
      },
    });
    signal?.addEventListener('abort', () => {
      if (this.#streams.delete(controller)) controller.error(new DOMException('aborted', 'AbortError'));
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  }

  #notify(): void {
    for (const stream of this.#streams) stream.enqueue(encode('event: changed\ndata: {"collection":"fulfilment_orders"}\n\n'));
  }
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
