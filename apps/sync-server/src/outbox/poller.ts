/**
 * What every outbox dispatcher shares (webhooks, customer e-mail): a retry
 * delay and the loop that claims due rows in batches until stopped.
 */

/** Delay before attempt `attempts + 1`: exponential, capped, with half of it jittered so retries do not arrive in step. */
export function backoffDelayMs(attempts: number, limits: { baseDelayMs: number; maxDelayMs: number }, random: () => number): number {
  const full = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

export interface BatchPollerOptions {
  intervalMs: number;
  batchSize: number;
  /** One batch; returns how many rows it claimed. */
  runOnce: () => Promise<{ claimed: number }>;
  onError: (error: unknown) => void;
}

/** Polls until `stop()`; a full batch is followed at once by the next, so a backlog drains without waiting. */
export class BatchPoller {
  readonly #opts: BatchPollerOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #active = false;
  #current: Promise<void> | undefined;

  constructor(opts: BatchPollerOptions) {
    this.#opts = opts;
  }

  start(): void {
    if (this.#active) return;
    this.#active = true;
    this.#schedule(0);
  }

  /** Resolves once a batch in flight has recorded its outcomes. */
  async stop(): Promise<void> {
    this.#active = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#current;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#current = this.#tick();
    }, delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    let next = this.#opts.intervalMs;
    try {
      const report = await this.#opts.runOnce();
      if (report.claimed === this.#opts.batchSize) next = 0;
    } catch (e) {
      this.#opts.onError(e);
    }
    if (this.#active) this.#schedule(next);
  }
}
