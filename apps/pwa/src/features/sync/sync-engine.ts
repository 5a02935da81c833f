import { debounceTime, filter, skip, Subject, type BehaviorSubject, type Subscription } from 'rxjs';
import { ApiClient, type ApiFailure, type FetchLike } from '../../api/api-client.ts';
import type { AisleDatabase } from '../../db/database.ts';
import { recordSyncedAt } from '../../db/device-store.ts';
import { SyncEventStream, type StreamSignal } from './event-stream.ts';
import type { Network } from './network.ts';
import { OutboxPusher } from './outbox-pusher.ts';
import { pruneCaughtUp } from './outbox.ts';
import { startPullReplication, type FulfilmentOrderReplication } from './pull-replication.ts';
import { createLinkState, type LinkState } from './sync-status.ts';

export interface SyncEngineOptions {
  db: AisleDatabase;
  baseUrl: string;
  fetch: FetchLike;
  credentials: { token: string; tenantId: string; locationId: string };
  network: Network;
  /** The server no longer knows this device's token: show the enrol screen (the outbox stays). */
  onUnauthenticated: () => void;
  now?: () => Date;
  /** Tuning for tests. */
  pullRetryMs?: number;
  random?: () => number;
}

interface Run {
  stopped: boolean;
  stream: SyncEventStream | null;
  pusher: OutboxPusher | null;
  replication: FulfilmentOrderReplication | null;
  subscriptions: Subscription[];
}

/**
 * Wires the device's sync: pull replication (downstream), outbox pusher
 * (upstream), the event stream that hints at changes, and outbox pruning.
 * Framework-free, so the same code runs in the browser and in Node tests.
 *
 * Only the leader tab runs it (RxDB leader election): two tabs pushing the
 * same outbox would be safe, thanks to idempotent ids, but wasteful.
 * `start`/`stop` may be called repeatedly (React StrictMode does).
 */
export class SyncEngine {
  readonly link$: BehaviorSubject<LinkState> = createLinkState();
  readonly #options: SyncEngineOptions;
  #run: Run | null = null;

  constructor(options: SyncEngineOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#run) return;
    const run: Run = { stopped: false, stream: null, pusher: null, replication: null, subscriptions: [] };
    this.#run = run;
    void this.#options.db.waitForLeadership().then(() => {
      if (!run.stopped) this.#begin(run);
    });
  }

  async stop(): Promise<void> {
    const run = this.#run;
    this.#run = null;
    if (!run) return;
    run.stopped = true;
    run.subscriptions.forEach((s) => s.unsubscribe());
    run.stream?.stop();
    run.pusher?.stop();
    await run.replication?.cancel();
  }

  #begin(run: Run): void {
    const { db, network } = this.#options;
    const now = this.#options.now ?? (() => new Date());
    const client = new ApiClient({ baseUrl: this.#options.baseUrl, fetch: this.#options.fetch, token: this.#options.credentials.token });
    const resync$ = new Subject<void>();

    const succeeded = () => {
      this.#setLink({ reachable: true });
      void recordSyncedAt(db, now()).catch(() => undefined);
    };
    const failed = (failure: ApiFailure) => this.#onFailure(run, failure);

    const pusher = new OutboxPusher({
      db,
      client,
      onSuccess: succeeded,
      onFailure: failed,
      onPushed: () => resync$.next(),
      ...(this.#options.random ? { random: this.#options.random } : {}),
    });
    const replication = startPullReplication({
      db,
      client,
      scope: { tenantId: this.#options.credentials.tenantId, locationId: this.#options.credentials.locationId },
      resync$,
      onSuccess: succeeded,
      onFailure: failed,
      ...(this.#options.pullRetryMs !== undefined ? { retryTimeMs: this.#options.pullRetryMs } : {}),
    });
    const stream = new SyncEventStream({
      client,
      network,
      onSignal: (signal: StreamSignal) => {
        switch (signal.type) {
          case 'connected':
            this.#setLink({ reachable: true });
            resync$.next();
            void pusher.trigger();
            break;
          case 'changed':
            resync$.next();
            break;
          case 'disconnected':
            if (signal.failure) failed(signal.failure);
            break;
          case 'fatal':
            failed(signal.failure);
            break;
        }
      },
      ...(this.#options.random ? { random: this.#options.random } : {}),
    });
    run.pusher = pusher;
    run.replication = replication;
    run.stream = stream;

    const prune = () => void pruneCaughtUp(db).catch(() => undefined);
    run.subscriptions.push(
      // Inserts from any tab reach the leader through RxDB's multi-instance events.
      db.outbox.insert$.subscribe(() => void pusher.trigger()),
      db.fulfilment_orders.$.pipe(debounceTime(50)).subscribe(prune),
      db.outbox.update$.pipe(filter((e) => e.documentData.state === 'acked'), debounceTime(50)).subscribe(prune),
      network.online$.pipe(skip(1), filter(Boolean)).subscribe(() => {
        stream.reconnectNow();
        resync$.next();
        void pusher.trigger();
      }),
      network.online$.pipe(filter((online) => !online)).subscribe(() => this.#setLink({ reachable: false })),
    );
    stream.start();
    prune();
    void pusher.trigger();
  }

  #onFailure(run: Run, failure: ApiFailure): void {
    switch (failure.kind) {
      case 'network':
      case 'unavailable':
      case 'bad_response':
        this.#setLink({ reachable: false });
        break;
      case 'refused':
        // The server answered; the pusher parks the refused command.
        this.#setLink({ reachable: true });
        break;
      case 'outdated':
        this.#setLink({ reachable: true, updateRequired: true });
        if (this.#run === run) void this.stop();
        break;
      case 'unauthenticated':
        if (this.#run === run) {
          void this.stop();
          this.#options.onUnauthenticated();
        }
        break;
    }
  }

  #setLink(patch: Partial<LinkState>): void {
    const current = this.link$.getValue();
    const next = { ...current, ...patch };
    if (next.reachable !== current.reachable || next.updateRequired !== current.updateRequired) this.link$.next(next);
  }
}
