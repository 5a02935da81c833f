import { customerDisplayName, type FloorFulfilmentOrder, type FulfilmentOrder, type FulfilmentOrderLine } from '@aisle/domain';
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
  lines: {
    lineId: string;
    sku: string;
    gtin: string | null;
    name: string;
    quantity: number;
    picked: number;
    shortPicked: number;
    customerCancelled: number;
  }[];
  packages: NonNullable<FloorFulfilmentOrder['packages']>;
  shipments: NonNullable<FloorFulfilmentOrder['shipments']>;
  pickup_bin: string | null;
  staged_at: Date | null;
  pickup_code: FloorFulfilmentOrder['pickupCode'] | null;
  handoff: FloorFulfilmentOrder['handoff'] | null;
}

/** The document as devices see it; one query shape for pulls, pushes and the channel API. */
export const FULFILMENT_ORDER_SELECT = `
  SELECT fo.id, fo.order_id, o.order_number, fo.location_id, fo.delivery_method, fo.status,
         o.customer_first_name, o.customer_last_name, fo.version, fo.created_at, fo.updated_at,
         fo.packages, fo.shipments, fo.pickup_bin, fo.staged_at, fo.pickup_code, fo.handoff,
         (SELECT json_agg(json_build_object('lineId', l.line_id, 'sku', l.sku, 'gtin', l.gtin, 'name', l.name,
                                            'quantity', l.quantity, 'picked', l.picked, 'shortPicked', l.short_picked,
                                            'customerCancelled', l.customer_cancelled) ORDER BY l.line_id)
            FROM fulfilment_order_lines l
           WHERE l.tenant_id = fo.tenant_id AND l.fulfilment_order_id = fo.id) AS lines
    FROM fulfilment_orders fo
    JOIN orders o ON o.tenant_id = fo.tenant_id AND o.id = fo.order_id`;

/**
 * The replicated document. Short and cancelled counts appear only when non-zero,
 * as the domain reads absence as 0. Packing, staging, handoff and shipping
 * records stay on the server until the device schema carries them (the PWA's
 * RxDB schema rejects unknown top-level fields).
 */
export function toFulfilmentOrder(row: FoRow): FulfilmentOrder {
  return {
    id: row.id,
    orderId: row.order_id,
    orderNumber: row.order_number,
    locationId: row.location_id,
    deliveryMethod: row.delivery_method,
    status: row.status,
    customerDisplayName: customerDisplayName(row.customer_first_name, row.customer_last_name),
    lines: row.lines.map(
      ({ shortPicked, customerCancelled, ...line }) =>
        ({
          ...line,
          ...(shortPicked > 0 ? { shortPicked } : {}),
          ...(customerCancelled > 0 ? { customerCancelled } : {}),
        }) as FulfilmentOrderLine,
    ),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  } as FulfilmentOrder;
}

/** The document with everything the floor recorded: what server-side commands validate against. */
export function toFloorFulfilmentOrder(row: FoRow): FloorFulfilmentOrder {
  return {
    ...toFulfilmentOrder(row),
    packages: row.packages,
    shipments: row.shipments,
    ...(row.pickup_bin !== null ? { pickupBin: row.pickup_bin } : {}),
    ...(row.staged_at !== null ? { stagedAt: new Date(row.staged_at).toISOString() } : {}),
    ...(row.pickup_code ? { pickupCode: row.pickup_code } : {}),
    ...(row.handoff ? { handoff: row.handoff } : {}),
  };
}

export type { FoRow };
