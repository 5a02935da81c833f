import { BehaviorSubject, combineLatest, distinctUntilChanged, map, type Observable } from 'rxjs';
import type { AisleDatabase } from '../../db/database.ts';
import { lastSyncedAt$ } from '../../db/device-store.ts';
import type { OutboxEntry } from '../../db/schemas.ts';
import type { Network } from './network.ts';
import { outboxEntries$ } from './outbox.ts';

/** What the sync engine learnt from its last requests. */
export interface LinkState {
  /** The last request got an answer from the server. */
  reachable: boolean;
  /** The server refused this app's protocol version (426). */
  updateRequired: boolean;
}

export const INITIAL_LINK_STATE: LinkState = { reachable: true, updateRequired: false };

export function createLinkState(): BehaviorSubject<LinkState> {
  return new BehaviorSubject<LinkState>(INITIAL_LINK_STATE);
}

export interface SyncStatus {
  /** The browser has a network and the server answered the last request. */
  online: boolean;
  /** Commands not yet accepted or refused by the server. */
  pending: number;
  lastSyncedAt: string | null;
  /** Commands the server refused: the exceptions list. */
  rejected: OutboxEntry[];
  updateRequired: boolean;
}

/**
 * The sync badge's data. Counts come from the database, so every tab shows
 * the same numbers even though only the leader tab talks to the server.
 */
export function syncStatus$(db: AisleDatabase, network: Network, link$: Observable<LinkState>): Observable<SyncStatus> {
  return combineLatest([network.online$, link$, outboxEntries$(db), lastSyncedAt$(db)]).pipe(
    map(([browserOnline, link, entries, lastSyncedAt]) => ({
      online: browserOnline && link.reachable,
      pending: entries.filter((e) => e.state === 'pending').length,
      lastSyncedAt,
      rejected: entries.filter((e) => e.state === 'rejected'),
      updateRequired: link.updateRequired,
    })),
    distinctUntilChanged(sameStatus),
  );
}

function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  return (
    a.online === b.online &&
    a.pending === b.pending &&
    a.lastSyncedAt === b.lastSyncedAt &&
    a.updateRequired === b.updateRequired &&
    a.rejected.length === b.rejected.length &&
    a.rejected.every((entry, i) => entry.id === b.rejected[i]?.id)
  );
}
