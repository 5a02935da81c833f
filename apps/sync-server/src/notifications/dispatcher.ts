import { randomUUID } from 'node:crypto';
import { BatchPoller, backoffDelayMs } from '../outbox/poller.ts';
import nodemailer from 'nodemailer';
import type { Db } from '../storage/db.ts';
import { renderMessage } from './messages.ts';
import type { NotificationData, NotificationKind } from './outbox.ts';
import { mintTrackingToken, trackingUrl } from './tracking.ts';

export interface NotificationDispatcherOptions {
  db: Db;
  clock: () => Date;
  /** `smtp://host:port` or `smtps://user:pass@host:465`; nodemailer parses it. */
  smtpUrl: string;
  /** The From header, e.g. `Aisle <no-reply@aisle.localhost>`. */
  from: string;
  /** Base of the tracking links in messages (`PUBLIC_URL`). */
  publicUrl: string;
  /** In [0, 1); spreads retries so a mail server coming back up is not hit in lockstep. */
  random?: () => number;
  log?: (entry: Record<string, unknown>) => void;
  batchSize?: number;
  /** Per SMTP stage (connect, greeting, idle socket); a slow server counts as a failed attempt. */
  timeoutMs?: number;
  /** Attempts before a notification is `dead`. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Poll period of `start()` when the last batch was not full. */
  intervalMs?: number;
  /** How long a claim keeps other dispatchers off a row; must exceed a whole send. */
  leaseMs?: number;
}

export interface NotificationDispatchReport {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
}

interface Claimed {
  tenant_id: string;
  id: string;
  order_id: string;
  kind: NotificationKind;
  recipient: string;
  data: NotificationData | string;
  pickup_code: string | null;
  attempts: number;
}

type Outcome = { kind: 'sent' } | { kind: 'failed'; error: string };

/**
 * Sends queued customer e-mails (notifications/outbox.ts) over SMTP, the
 * webhook dispatcher's pattern: claim due rows with `FOR UPDATE SKIP LOCKED`
 * and a lease in one statement, talk SMTP outside any transaction, record the
 * outcome guarded by the claim token. At-least-once: a dispatcher that dies
 * after the server accepted a message but before recording it sends it again
 * once the lease expires.
 */
export class NotificationDispatcher {
  readonly #db: Db;
  readonly #clock: () => Date;
  readonly #from: string;
  readonly #publicUrl: string;
  readonly #random: () => number;
  readonly #log: (entry: Record<string, unknown>) => void;
  readonly #batchSize: number;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #leaseMs: number;
  readonly #transport: ReturnType<typeof nodemailer.createTransport>;
  readonly #poller: BatchPoller;

  constructor(opts: NotificationDispatcherOptions) {
    this.#db = opts.db;
    this.#clock = opts.clock;
    this.#from = opts.from;
    this.#publicUrl = opts.publicUrl;
    this.#random = opts.random ?? Math.random;
    this.#log = opts.log ?? (() => undefined);
    this.#batchSize = opts.batchSize ?? 10;
    const timeoutMs = opts.timeoutMs ?? 15_000;
    this.#maxAttempts = opts.maxAttempts ?? 12;
    this.#baseDelayMs = opts.baseDelayMs ?? 30_000;
    this.#maxDelayMs = opts.maxDelayMs ?? 3_600_000;
    // Connect, greeting and each idle gap may each take `timeoutMs`; a message is a handful of them.
    this.#leaseMs = opts.leaseMs ?? timeoutMs * 8 + 60_000;
    if (this.#leaseMs <= timeoutMs * 4) throw new Error('leaseMs must comfortably exceed a whole SMTP conversation, or a slow send could be claimed twice');
    // nodemailer's own defaults (2 min connect, 10 min idle) would hold a claim far past any sensible lease.
    this.#transport = nodemailer.createTransport({
      url: opts.smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    this.#poller = new BatchPoller({
      intervalMs: opts.intervalMs ?? 2_000,
      batchSize: this.#batchSize,
      runOnce: () => this.runOnce(),
      onError: (e) => this.#log({ level: 'error', msg: 'notification dispatch failed', err: String(e) }),
    });
  }

  /** Delay before attempt `attempts + 1`: exponential, capped, with half of it jittered. */
  backoffMs(attempts: number): number {
    return backoffDelayMs(attempts, { baseDelayMs: this.#baseDelayMs, maxDelayMs: this.#maxDelayMs }, this.#random);
  }

  /** One batch: claim due rows, send them, record each outcome. */
  async runOnce(): Promise<NotificationDispatchReport> {
    const now = this.#clock();
    const token = randomUUID();
    const { rows: claimed } = await this.#db.query<Claimed>(
      `UPDATE notifications n
          SET status = 'sending', attempts = n.attempts + 1, claim_token = $1, locked_until = $3
         FROM (SELECT tenant_id, id FROM notifications
                WHERE status IN ('pending', 'sending')
                  AND ((status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $2))
                    OR (status = 'sending' AND locked_until <= $2))
                ORDER BY next_attempt_at NULLS FIRST, seq
                LIMIT $4
                FOR UPDATE SKIP LOCKED) due
        WHERE n.tenant_id = due.tenant_id AND n.id = due.id
        RETURNING n.tenant_id, n.id, n.order_id, n.kind, n.recipient, n.data, n.pickup_code, n.attempts`,
      [token, now.toISOString(), new Date(now.getTime() + this.#leaseMs).toISOString(), this.#batchSize],
    );
    const report: NotificationDispatchReport = { claimed: claimed.length, sent: 0, retried: 0, dead: 0 };
    await Promise.all(
      claimed.map(async (row) => {
        const outcome = await this.#send(row);
        const status = await this.#record(row, token, outcome);
        if (status) report[status === 'pending' ? 'retried' : status] += 1;
      }),
    );
    return report;
  }

  async #send(row: Claimed): Promise<Outcome> {
    try {
      const data = typeof row.data === 'string' ? (JSON.parse(row.data) as NotificationData) : row.data;
      const link = await mintTrackingToken(this.#db, { tenantId: row.tenant_id, orderId: row.order_id, notificationId: row.id, now: this.#clock() });
      const message = await renderMessage(row.kind, data, { pickupCode: row.pickup_code, trackingUrl: trackingUrl(this.#publicUrl, link) });
      await this.#transport.sendMail({
        from: this.#from,
        to: row.recipient,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments,
        // Stable across retries, so a receiving system can drop a duplicate of an at-least-once send.
        messageId: `<${row.id}@aisle.notifications>`,
      });
      return { kind: 'sent' };
    } catch (e) {
      const err = e as Error & { code?: string; responseCode?: number };
      const detail = [err.code, err.responseCode].filter((x) => x !== undefined).join(' ');
      return { kind: 'failed', error: `${err.name}: ${err.message}${detail ? ` (${detail})` : ''}`.slice(0, 500) };
    }
  }

  /** Writes the outcome if this dispatcher still holds the claim; returns the new status. */
  async #record(row: Claimed, token: string, outcome: Outcome): Promise<'pending' | 'sent' | 'dead' | null> {
    const now = this.#clock();
    let status: 'pending' | 'sent' | 'dead';
    let nextAttemptAt: string | null = null;
    if (outcome.kind === 'sent') status = 'sent';
    else if (row.attempts >= this.#maxAttempts) status = 'dead';
    else {
      status = 'pending';
      nextAttemptAt = new Date(now.getTime() + this.backoffMs(row.attempts)).toISOString();
    }
    // The pickup code goes in the same statement that says the message will never be sent again.
    const { rows } = await this.#db.query(
      `UPDATE notifications
          SET status = $4, next_attempt_at = $5, last_error = $6,
              sent_at = CASE WHEN $4 = 'sent' THEN $7::timestamptz END,
              pickup_code = CASE WHEN $4 = 'pending' THEN pickup_code END,
              claim_token = NULL, locked_until = NULL
        WHERE tenant_id = $1 AND id = $2 AND claim_token = $3
        RETURNING id`,
      [row.tenant_id, row.id, token, status, nextAttemptAt, outcome.kind === 'sent' ? null : outcome.error, now.toISOString()],
    );
    const entry = { notificationId: row.id, tenantId: row.tenant_id, orderId: row.order_id, kind: row.kind, attempt: row.attempts, status };
    if (rows.length === 0) {
      this.#log({ level: 'warn', msg: 'notification outcome dropped: the claim had expired', ...entry });
      return null;
    }
    // No recipient address in the log: operators find it through the listing.
    if (status === 'sent') this.#log({ level: 'info', msg: 'notification sent', ...entry });
    else this.#log({ level: status === 'pending' ? 'warn' : 'error', msg: 'notification failed', ...entry, error: outcome.kind === 'sent' ? undefined : outcome.error, nextAttemptAt });
    return status;
  }

  /** Polls until `stop()`; a full batch is followed at once by the next. */
  start(): void {
    this.#poller.start();
  }

  async stop(): Promise<void> {
    await this.#poller.stop();
    this.#transport.close();
  }
}
