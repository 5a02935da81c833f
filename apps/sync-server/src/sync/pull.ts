import type { PullRequest, PullResponse } from '@aisle/domain/protocol';
import type { DevicePrincipal } from '../http/auth.ts';
import type { Sql } from '../storage/db.ts';
import { FULFILMENT_ORDER_SELECT, toFulfilmentOrder, type FoRow } from './replica.ts';

/**
 * Downstream: changes for the device's location after its checkpoint.
 *
 * Only changes whose transaction id is below the oldest transaction still in
 * flight are returned. A transaction that started earlier but commits later
 * will therefore be read by a later pull instead of being skipped, which a plain
 * sequence or `updated_at` cursor would do (SY1).
 */
export async function pullFulfilmentOrders(db: Sql, device: DevicePrincipal, req: PullRequest): Promise<PullResponse> {
  const cp = req.checkpoint ?? { txid: '0', id: '' };
  const { rows } = await db.query<FoRow & { txid: string; deleted: boolean }>(
    `WITH changes AS (
       SELECT c.doc_id, c.txid, c.deleted
         FROM replica_changes c
        WHERE c.tenant_id = $1 AND c.location_id = $2 AND c.collection = 'fulfilment_orders'
          AND (c.txid, c.doc_id) > ($3::xid8, $4::text)
          AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY c.txid, c.doc_id
        LIMIT $5)
     SELECT d.*, changes.txid::text AS txid, changes.deleted
       FROM changes
       JOIN (${FULFILMENT_ORDER_SELECT} WHERE fo.tenant_id = $1) d ON d.id = changes.doc_id
      ORDER BY changes.txid, changes.doc_id`,
    [device.tenantId, device.locationId, cp.txid, cp.id, req.limit],
  );
  const last = rows.at(-1);
  return {
    documents: rows.map((r) => ({ ...toFulfilmentOrder(r), _deleted: r.deleted })),
    checkpoint: last ? { txid: last.txid, id: last.id } : req.checkpoint,
  };
}
