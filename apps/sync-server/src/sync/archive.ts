import type { Sql } from '../storage/db.ts';

/** A store keeps finished work this long ("recent history"), then it leaves the devices. */
export const REPLICA_HISTORY_DAYS = 7;

/** Statuses after which the floor has nothing left to do with a fulfilment order. */
const FINISHED = ['shipped', 'delivered', 'picked_up', 'partially_picked_up', 'refused_at_pickup', 'rejected', 'cancelled', 'expired'];

/**
 * Archives finished fulfilment orders out of their location's replica: each
 * is re-marked as a tombstone in a new transaction, so devices pulling from
 * their checkpoint drop it instead of keeping a ghost. The order stays on the
 * server (channel API, metrics); only the device scope shrinks. Safe to run
 * from several instances: the update is idempotent.
 */
export async function archiveFinishedWork(tx: Sql, now: Date, historyDays = REPLICA_HISTORY_DAYS): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `WITH gone AS (
       UPDATE replica_changes c SET deleted = true, txid = pg_current_xact_id()
         FROM fulfilment_orders fo
        WHERE c.collection = 'fulfilment_orders' AND NOT c.deleted
          AND fo.tenant_id = c.tenant_id AND fo.id = c.doc_id AND fo.location_id = c.location_id
          AND fo.status = ANY($1::text[]) AND fo.updated_at < $2
        RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [FINISHED, new Date(now.getTime() - historyDays * 86_400_000).toISOString()],
  );
  return rows[0]?.n ?? 0;
}
