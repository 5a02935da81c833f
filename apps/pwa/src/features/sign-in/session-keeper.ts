import type { ApiClient } from '../../api/api-client.ts';
import type { AisleDatabase } from '../../db/database.ts';
import { readLastActivity, recordActivity, type Session } from '../../db/device-store.ts';
import type { Network } from '../sync/network.ts';
import { checkSession, sessionEndsAt, signOut } from './session.ts';

/** Input is written to the database at most this often: every keystroke would be a write. */
const PERSIST_EVERY_MS = 30_000;
/**
 * How often an active associate asks the server whether the session stands.
 * It refreshes the server's idle clock (which only session calls move) and
 * notices a session ended elsewhere (a manager deactivating a badge).
 */
const HEARTBEAT_EVERY_MS = 5 * 60_000;

export interface SessionKeeperOptions {
  db: AisleDatabase;
  session: Session;
  /** Carries the device token and this session's token. */
  client: ApiClient;
  network: Network;
  now?: () => number;
}

/**
 * Ends a session on the device when the associate stops using it: after
 * `idleTimeoutSeconds` without input, or at `expiresAt`. The server enforces
 * both as well; doing it here means a device left on a shelf does not stay
 * signed in as someone, offline included. Framework-free: the React hook
 * feeds it input and a timer.
 *
 * The last input is shared through the database, so any tab's input keeps
 * the session alive, and a device reopened after the limit signs out at once.
 */
export class SessionKeeper {
  readonly #options: SessionKeeperOptions;
  readonly #now: () => number;
  #lastActive: number;
  #persistedAt = Number.NEGATIVE_INFINITY;
  #heartbeatAt = Number.NEGATIVE_INFINITY;
  #ended = false;

  constructor(options: SessionKeeperOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#lastActive = Date.parse(options.session.signedInAt);
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Picks up the shared idle clock, signs out if it ran out while the app was closed, then confirms with the server. */
  async start(): Promise<void> {
    await this.check();
    if (!this.#ended) this.#heartbeat();
  }

  /** The associate touched the device. */
  activity(): void {
    if (this.#ended) return;
    const now = this.#now();
    this.#lastActive = Math.max(this.#lastActive, now);
    if (now - this.#persistedAt >= PERSIST_EVERY_MS) {
      this.#persistedAt = now;
      void recordActivity(this.#options.db, this.#options.session.sessionId, new Date(now)).catch(() => undefined);
    }
    if (now - this.#heartbeatAt >= HEARTBEAT_EVERY_MS) this.#heartbeat();
  }

  /** Signs out if the session's time is up. Resolves true when it did. */
  async check(): Promise<boolean> {
    if (this.#ended) return true;
    const { db, session } = this.#options;
    if (!this.#expired()) return false;
    // Input in another tab counts too.
    const shared = await readLastActivity(db, session.sessionId);
    if (shared) this.#lastActive = Math.max(this.#lastActive, Date.parse(shared));
    if (this.#ended || !this.#expired()) return this.#ended;
    this.#ended = true;
    await signOut(db, this.#options.client, session);
    return true;
  }

  #expired(): boolean {
    return this.#now() >= sessionEndsAt(this.#options.session, new Date(this.#lastActive).toISOString());
  }

  #heartbeat(): void {
    if (!this.#options.network.isOnline()) return;
    this.#heartbeatAt = this.#now();
    void checkSession(this.#options.db, this.#options.client, this.#options.session).then((result) => {
      if (result === 'ended') this.#ended = true;
    });
  }
}
