import { randomUUID } from 'node:crypto';
import { BatchPoller, backoffDelayMs } from '../outbox/poller.ts';
import type { Db } from '../storage/db.ts';
import type { WebhookEvent } from './outbox.ts';
import { WEBHOOK_HEADERS, signWebhook } from './signature.ts';

export interface DispatcherOptions {
  db: Db;
  clock: () => Date;
  fetch?: typeof globalThis.fetch;
  /** In [0, 1); spreads retries so receivers coming back up are not hit in lockstep. */
  random?: () => number;
  log?: (entry: Record<string, unknown>) => void;
  batchSize?: number;
  /** Per request, headers and all; a slow receiver counts as a failed attempt. */
  timeoutMs?: number;
  /** Attempts before a delivery is `dead`. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Poll period of `start()` when the last batch was not full. */
  intervalMs?: number;
  /** How long a claim keeps other dispatchers off a row; must exceed `timeoutMs`. */
  leaseMs?: number;
}

export interface DispatchReport {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
  undeliverable: number;
}

interface Claimed {
  tenant_id: string;
  id: string;
  channel: string;
  event: WebhookEvent;
  body: string;
  attempts: number;
}

type Outcome =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'failed'; statusCode: number | null; error: string }
  | { kind: 'undeliverable'; error: string };

/**
 * Sends queued status webhooks (webhooks/outbox.ts): claims due rows, POSTs
 * them signed, and records the outcome. Several dispatchers (one per server
 * instance) may run against one PostgreSQL: a claim takes due rows with
 * `FOR UPDATE SKIP LOCKED` and leases them (`locked_until`), so no row is
 * claimed by two dispatchers at once. The lease outlives the request timeout;
 * a dispatcher that dies mid-send leaves a row whose lease expires and is
 * retried — at-least-once, which is why `Aisle-Delivery-Id` is stable.
 */
export class WebhookDispatcher {
  readonly #db: Db;
  readonly #clock: () => Date;
  readonly #fetch: typeof globalThis.fetch;
  readonly #random: () => number;
  readonly #log: (entry: Record<string, unknown>) => void;
  readonly #batchSize: number;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #leaseMs: number;
  readonly #poller: BatchPoller;

  constructor(opts: DispatcherOptions) {
    this.#db = opts.db;
    this.#clock = opts.clock;
    this.#fetch = opts.fetch ?? globalThis.fetch;
    this.#random = opts.random ?? Math.random;
    this.#log = opts.log ?? (() => undefined);
    this.#batchSize = opts.batchSize ?? 20;
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    this.#maxAttempts = opts.maxAttempts ?? 30;
    this.#baseDelayMs = opts.baseDelayMs ?? 10_000;
    this.#maxDelayMs = opts.maxDelayMs ?? 3_600_000;
    this.#leaseMs = opts.leaseMs ?? this.#timeoutMs + 60_000;
    if (this.#leaseMs <= this.#timeoutMs) throw new Error('leaseMs must exceed timeoutMs, or a slow send could be claimed twice');
    this.#poller = new BatchPoller({
      intervalMs: opts.intervalMs ?? 2_000,
      batchSize: this.#batchSize,
      runOnce: () => this.runOnce(),
      onError: (e) => this.#log({ level: 'error', msg: 'webhook dispatch failed', err: String(e) }),
    });
  }

  /** Delay before attempt `attempts + 1`: exponential, capped, with half of it jittered. */
  backoffMs(attempts: number): number {
    return backoffDelayMs(attempts, { baseDelayMs: this.#baseDelayMs, maxDelayMs: this.#maxDelayMs }, this.#random);
  }

  /** One batch: claim due rows, send them in parallel, record each outcome. */
  async runOnce(): Promise<DispatchReport> {
    const now = this.#clock();
    const token = randomUUID();
    // Claim in one autocommitted statement; the HTTP calls happen outside any
    // transaction (PGlite is one connection; a held pool connection would starve the server).
    const { rows: claimed } = await this.#db.query<Claimed>(
      `UPDATE webhook_deliveries d
          SET status = 'sending', attempts = d.attempts + 1, claim_token = $1, locked_until = $3
         FROM (SELECT tenant_id, id FROM webhook_deliveries
                WHERE status IN ('pending', 'sending')
                  AND ((status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $2))
                    OR (status = 'sending' AND locked_until <= $2))
                ORDER BY next_attempt_at NULLS FIRST, seq
                LIMIT $4
                FOR UPDATE SKIP LOCKED) due
        WHERE d.tenant_id = due.tenant_id AND d.id = due.id
        RETURNING d.tenant_id, d.id, d.channel, d.event, d.body, d.attempts`,
      [token, now.toISOString(), new Date(now.getTime() + this.#leaseMs).toISOString(), this.#batchSize],
    );
    const report: DispatchReport = { claimed: claimed.length, delivered: 0, retried: 0, dead: 0, undeliverable: 0 };
    if (claimed.length === 0) return report;

    // Read the destination after the claim, at send time: a URL or secret fixed by
    // an operator applies to the retries of deliveries already queued.
    const { rows: channels } = await this.#db.query<{ tenant_id: string; id: string; webhook_url: string | null; webhook_secret: string | null }>(
      'SELECT tenant_id, id, webhook_url, webhook_secret FROM channels WHERE tenant_id = ANY($1::text[]) AND id = ANY($2::text[])',
      [[...new Set(claimed.map((r) => r.tenant_id))], [...new Set(claimed.map((r) => r.channel))]],
    );
    const destination = new Map(channels.map((c) => [`${c.tenant_id}/${c.id}`, c]));

    await Promise.all(
      claimed.map(async (row) => {
        const dest = destination.get(`${row.tenant_id}/${row.channel}`);
        const outcome: Outcome =
          dest?.webhook_url && dest.webhook_secret
            ? await this.#send(row, dest.webhook_url, dest.webhook_secret)
            : { kind: 'undeliverable', error: 'the channel has no webhook URL' };
        const status = await this.#record(row, token, outcome);
        if (status) report[status === 'pending' ? 'retried' : status] += 1;
      }),
    );
    return report;
  }

  async #send(row: Claimed, url: string, secret: string): Promise<Outcome> {
    try {
      const res = await this.#fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Aisle-Webhooks/1',
          [WEBHOOK_HEADERS.event]: row.event,
          [WEBHOOK_HEADERS.deliveryId]: row.id,
          [WEBHOOK_HEADERS.signature]: signWebhook(secret, row.body, this.#clock()),
        },
        body: row.body,
        // A redirect is a failure, not a hop: the signed body goes only where it was configured to go.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { kind: 'delivered', statusCode: res.status };
      return { kind: 'failed', statusCode: res.status, error: `HTTP ${res.status}` };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const error =
        err.name === 'TimeoutError' || err.name === 'AbortError'
          ? `timeout after ${this.#timeoutMs} ms`
          : `${err.name}: ${err.message}${err.cause?.code ? ` (${err.cause.code})` : ''}`;
      return { kind: 'failed', statusCode: null, error: error.slice(0, 500) };
    }
  }

  /** Writes the outcome if this dispatcher still holds the claim; returns the new status. */
  async #record(row: Claimed, token: string, outcome: Outcome): Promise<'pending' | 'delivered' | 'dead' | 'undeliverable' | null> {
    const now = this.#clock();
    let status: 'pending' | 'delivered' | 'dead' | 'undeliverable';
    let nextAttemptAt: string | null = null;
    if (outcome.kind === 'delivered') status = 'delivered';
    else if (outcome.kind === 'undeliverable') status = 'undeliverable';
    else if (row.attempts >= this.#maxAttempts) status = 'dead';
    else {
      status = 'pending';
      nextAttemptAt = new Date(now.getTime() + this.backoffMs(row.attempts)).toISOString();
    }
    const { rows } = await this.#db.query(
      `UPDATE webhook_deliveries
          SET status = $4, next_attempt_at = $5, last_status_code = $6, last_error = $7,
              delivered_at = CASE WHEN $4 = 'delivered' THEN $8::timestamptz END,
              claim_token = NULL, locked_until = NULL
        WHERE tenant_id = $1 AND id = $2 AND claim_token = $3
        RETURNING id`,
      [
        row.tenant_id,
        row.id,
        token,
        status,
        nextAttemptAt,
        outcome.kind === 'undeliverable' ? null : outcome.statusCode,
        outcome.kind === 'delivered' ? null : outcome.error,
        now.toISOString(),
      ],
    );
    const entry = { deliveryId: row.id, tenantId: row.tenant_id, channel: row.channel, event: row.event, attempt: row.attempts, status };
    if (rows.length === 0) {
      this.#log({ level: 'warn', msg: 'webhook delivery outcome dropped: the claim had expired', ...entry });
      return null;
    }
    if (status === 'delivered') this.#log({ level: 'info', msg: 'webhook delivered', ...entry });
    else this.#log({ level: status === 'pending' ? 'warn' : 'error', msg: 'webhook delivery failed', ...entry, error: outcome.kind === 'delivered' ? undefined : outcome.error, nextAttemptAt });
    return status;
  }

  /** Polls until `stop()`; a full batch is followed at once by the next. */
  start(): void {
    this.#poller.start();
  }

  async stop(): Promise<void> {
    await this.#poller.stop();
  }
}
