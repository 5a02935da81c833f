import type { FulfilmentOrder } from '@aisle/domain';
import { PullResponse, type PullCheckpoint, type PullRequest } from '@aisle/domain/protocol';
import { map, type Observable } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { ApiFailure, type ApiClient } from '../../api/api-client.ts';
import type { AisleDatabase } from '../../db/database.ts';

export const PULL_PATH = '/api/v1/sync/pull';
/** Few, large, plain batches are what makes the first sync fast (STACK.md). */
export const PULL_BATCH_SIZE = 500;

export interface PullReplicationOptions {
  db: AisleDatabase;
  client: ApiClient;
  /** Names the checkpoint: a device moved to another location starts from scratch. */
  scope: { tenantId: string; locationId: string };
  /** Each emission makes the replication pull from its last checkpoint (SSE hint, push done, back online). */
  resync$: Observable<unknown>;
  onSuccess: () => void;
  onFailure: (failure: ApiFailure) => void;
  retryTimeMs?: number;
}

export type FulfilmentOrderReplication = RxReplicationState<FulfilmentOrder, PullCheckpoint>;

/**
 * Downstream only: the replica is never written on the device, local intent
 * lives in the outbox and is pushed by OutboxPusher, so this replication has
 * no push handler and conflicts can only ever be solved on the server.
 */
export function startPullReplication(options: PullReplicationOptions): FulfilmentOrderReplication {
  const { client, scope } = options;
  return replicateRxCollection<FulfilmentOrder, PullCheckpoint>({
    replicationIdentifier: `aisle-fulfilment-orders-v1:${scope.tenantId}:${scope.locationId}`,
    collection: options.db.fulfilment_orders,
    live: true,
    // A failed pull (offline, server down) is retried after this, or at once when the browser goes online.
    retryTime: options.retryTimeMs ?? 5_000,
    // One tab replicates; hidden tabs must not pause it (a handheld's screen goes dark mid-shift).
    waitForLeadership: true,
    toggleOnDocumentVisible: false,
    autoStart: true,
    pull: {
      batchSize: PULL_BATCH_SIZE,
      stream$: options.resync$.pipe(map(() => 'RESYNC' as const)),
      handler: async (checkpoint, batchSize) => {
        const request: PullRequest = { collection: 'fulfilment_orders', checkpoint: checkpoint ?? null, limit: batchSize };
        try {
          const response = await client.post(PULL_PATH, request, PullResponse);
          options.onSuccess();
          return { documents: response.documents, checkpoint: response.checkpoint ?? undefined };
        } catch (error) {
          options.onFailure(error instanceof ApiFailure ? error : new ApiFailure('bad_response', String(error)));
          throw error;
        }
      },
    },
    // No `push`: exactOptionalPropertyTypes forbids writing `push: undefined`, and leaving it out means the same.
  });
}
