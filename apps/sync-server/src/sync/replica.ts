import { customerDisplayName, type FulfilmentOrder, type FulfilmentOrderLine } from '@aisle/domain';
import type { Sql } from '../storage/db.ts';

/** Records that a document changed in this transaction, for the location's replica (SY1). */
export async function markChanged(
  tx: Sql,
  change: { tenantId: string; locationId: string; collection: 'fulfilment_orders'; docId: string; deleted?: boolean },
): Promise<void> {
  await tx.query(
    `INSERT INTO replica_changes (tenant_id, location_id, collection, doc_id, txid, deleted)
     VALUES ($1, $2, $3, $4, pg_current_xact_id(), $5)
     ON CONFLICT (tenant_id, location_id, collection, doc_id)
     DO UPDATE SET txid = EXCLUDED.txid, deleted = EXCLUDED.deleted`,
    [change.tenantId, change.locationId, change.collection, change.docId, change.deleted ?? false],
  );
}

interface FoRow {
  id: string;
  order_id: string;
  order_number: string;
  location_id: string;
  delivery_method: string;
  status: string;
  customer_first_name: string;
  customer_last_name: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  lines: { lineId: string; sku: string; gtin: string | null; name: string; quantity: number; picked: number }[];
}

/** The document as devices see it; one query shape for pulls, pushes and the channel API. */
export const FULFILMENT_ORDER_SELECT = `
  SELECT fo.id, fo.order_id, o.order_number, fo.location_id, fo.delivery_method, fo.status,
         o.customer_first_name, o.customer_last_name, fo.version, fo.created_at, fo.updated_at,
         (SELECT json_agg(json_build_object('lineId', l.line_id, 'sku', l.sku, 'gtin', l.gtin, 'name', l.name,
                                            'quantity', l.quantity, 'picked', l.picked) ORDER BY l.line_id)
            FROM fulfilment_order_lines l
           WHERE l.tenant_id = fo.tenant_id AND l.fulfilment_order_id = fo.id) AS lines
    FROM fulfilment_orders fo
    JOIN orders o ON o.tenant_id = fo.tenant_id AND o.id = fo.order_id`;

export function toFulfilmentOrder(row: FoRow): FulfilmentOrder {
  return {
    id: row.id,
    orderId: row.order_id,
    orderNumber: row.order_number,
    locationId: row.location_id,
    deliveryMethod: row.delivery_method,
    status: row.status,
    customerDisplayName: customerDisplayName(row.customer_first_name, row.customer_last_name),
    lines: row.lines as FulfilmentOrderLine[],
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  } as FulfilmentOrder;
}

export type { FoRow };
