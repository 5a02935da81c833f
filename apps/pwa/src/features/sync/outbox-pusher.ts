import { PUSH_MAX_BATCH, PushResponse, type PushRequest } from '@aisle/domain/protocol';
import { ApiFailure, type ApiClient } from '../../api/api-client.ts';
import type { AisleDatabase } from '../../db/database.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { markRejected, pendingBatch, recordResults, toEnvelope } from './outbox.ts';

export const PUSH_PATH = '/api/v1/sync/push';

export interface OutboxPusherOptions {
  db: AisleDatabase;
  client: ApiClient;
  batchSize?: number;
  /** The server answered. */
  onSuccess: () => void;
  /** A push failed; 401 and 426 stop the pusher before this is called. */
  onFailure: (failure: ApiFailure) => void;
  /** Some entries left `pending`: time to pull the state they produced. */
  onPushed: () => void;
  backoff?: BackoffOptions;
  random?: () => number;
}

/**
 * Upstream: sends `pending` outbox entries in deviceSeq order, one request
 * in flight at a time. Anyone may call `trigger()` (a new command, the
 * browser going online, the event stream reconnecting, the retry timer);
 * triggers that arrive during a push fold into one more round.
 *
 * Retrying is always safe: the server applies a command id at most once and
 * answers a replay with the stored result (SY2).
 */
export class OutboxPusher {
  readonly #options: OutboxPusherOptions;
  readonly #batchSize: number;
  #requested = false;
  #running: Promise<void> | null = null;
  #stopped = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** After a 4xx for a whole batch, send one command at a time to find the one the server cannot take. */
  #isolating = 0;

  constructor(options: OutboxPusherOptions) {
    this.#options = options;
    this.#batchSize = Math.min(options.batchSize ?? PUSH_MAX_BATCH, PUSH_MAX_BATCH);
  }

  /** Resolves when the outbox has been drained as far as it can be right now. */
  trigger(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#requested = true;
    this.#running ??= this.#drain()
      .catch((error: unknown) => {
        // Only a database failure lands here (the database closed under us, storage full…).
        if (!this.#stopped) console.error('outbox push failed', error);
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  stop(): void {
    this.#stopped = true;
    this.#clearRetry();
  }

  async #drain(): Promise<void> {
    let pushed = false;
    while (this.#requested && !this.#stopped) {
      this.#requested = false;
      const batch = await pendingBatch(this.#options.db, this.#isolating > 0 ? 1 : this.#batchSize);
      if (batch.length === 0) {
        this.#isolating = 0;
        break;
      }
      const request: PushRequest = { commands: batch.map(toEnvelope) };
      try {
        const response = await this.#options.client.post(PUSH_PATH, request, PushResponse);
        if (this.#stopped) break;
        const changed = await recordResults(this.#options.db, response.results);
        if (changed === 0) {
          throw new ApiFailure('bad_response', 'the push answer settled none of the commands sent');
        }
        pushed = true;
        this.#attempt = 0;
        this.#clearRetry();
        if (this.#isolating > 0) this.#isolating--;
        this.#options.onSuccess();
        this.#requested = true;
      } catch (error) {
        const failure = error instanceof ApiFailure ? error : new ApiFailure('bad_response', String(error));
        if (failure.kind === 'unauthenticated' || failure.kind === 'outdated') {
          // Reconnecting cannot help; the outbox stays as it is for whoever comes next.
          this.stop();
          this.#options.onFailure(failure);
          break;
        }
        this.#options.onFailure(failure);
        if (failure.kind === 'refused') {
          const [only] = batch;
          if (batch.length === 1 && only) {
            // The server will never take this one as sent: park it where a person sees it.
            await markRejected(this.#options.db, only.id, {
              code: failure.code ?? 'refused',
              message: failure.message,
            });
            pushed = true;
            if (this.#isolating > 0) this.#isolating--;
          } else {
            this.#isolating = batch.length;
          }
          this.#requested = true;
          continue;
        }
        this.#scheduleRetry();
        break;
      }
    }
    if (pushed && !this.#stopped) this.#options.onPushed();
  }

  #scheduleRetry(): void {
    if (this.#retryTimer !== null || this.#stopped) return;
    const delay = backoffDelay(this.#attempt++, this.#options.backoff ?? DEFAULT_BACKOFF, this.#options.random);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.trigger();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}
