import type { AnyPullResponse, PullRequest, PullResponse } from '@aisle/domain/protocol';
import type { DevicePrincipal } from '../http/auth.ts';
import { RETURN_SELECT, toReturnView, toReturn, type ReturnRow } from '../returns/returns-store.ts';
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

/**
 * Rows of a position-stamped table (migration 0011) after the checkpoint, below every in-flight transaction (SY1).
 * The queries select `txid::text AS txid`, so their ORDER BY names the table's column: a bare `txid` there means the
 * output column, which sorts positions as text ('10' before '9') and makes the next page's checkpoint skip rows.
 */
const BELOW_IN_FLIGHT = 'txid < pg_snapshot_xmin(pg_current_snapshot())';

function page<T extends { txid: string; id: string }, D>(rows: T[], req: PullRequest, toDoc: (row: T) => D): AnyPullResponse {
  const last = rows.at(-1);
  return { documents: rows.map(toDoc) as AnyPullResponse['documents'], checkpoint: last ? { txid: last.txid, id: last.id } : req.checkpoint };
}

/** The device's location's stock, one document per SKU; the ATP a shelf can promise is computed here so screens agree with the server. */
export async function pullStockLevels(db: Sql, device: DevicePrincipal, req: PullRequest): Promise<AnyPullResponse> {
  const cp = req.checkpoint ?? { txid: '0', id: '' };
  const { rows } = await db.query<{ id: string; txid: string; on_hand: number; reserved: number; safety_stock: number; count_seq: number; updated_at: Date }>(
    `SELECT sku AS id, txid::text AS txid, on_hand, reserved, safety_stock, count_seq, updated_at FROM stock_levels
      WHERE tenant_id = $1 AND location_id = $2 AND (txid, sku) > ($3::xid8, $4::text) AND ${BELOW_IN_FLIGHT}
      ORDER BY stock_levels.txid, stock_levels.sku LIMIT $5`,
    [device.tenantId, device.locationId, cp.txid, cp.id, req.limit],
  );
  return page(rows, req, (r) => ({
    id: r.id,
    sku: r.id,
    onHand: r.on_hand,
    reserved: r.reserved,
    safetyStock: r.safety_stock,
    countSeq: r.count_seq,
    available: Math.max(0, r.on_hand - r.reserved - r.safety_stock),
    updatedAt: new Date(r.updated_at).toISOString(),
    _deleted: false,
  }));
}

/** The tenant's catalog: a scan anywhere in the store must resolve, also for SKUs this location does not stock. */
export async function pullProducts(db: Sql, device: DevicePrincipal, req: PullRequest): Promise<AnyPullResponse> {
  const cp = req.checkpoint ?? { txid: '0', id: '' };
  const { rows } = await db.query<{ id: string; txid: string; name: string; gtin: string | null; returnable: boolean; category: string }>(
    `SELECT sku AS id, txid::text AS txid, name, gtin, returnable, category FROM products
      WHERE tenant_id = $1 AND (txid, sku) > ($2::xid8, $3::text) AND ${BELOW_IN_FLIGHT}
      ORDER BY products.txid, products.sku LIMIT $4`,
    [device.tenantId, cp.txid, cp.id, req.limit],
  );
  return page(rows, req, (r) => ({ id: r.id, sku: r.id, name: r.name, gtin: r.gtin, returnable: r.returnable, category: r.category, _deleted: false }));
}

/** The tenant's locations, for "available nearby" and pickup questions. */
export async function pullLocations(db: Sql, device: DevicePrincipal, req: PullRequest): Promise<AnyPullResponse> {
  const cp = req.checkpoint ?? { txid: '0', id: '' };
  const { rows } = await db.query<{
    id: string;
    txid: string;
    name: string;
    kind: 'store' | 'warehouse' | 'dropship';
    region: string | null;
    postal_code: string | null;
    lat: number | null;
    lon: number | null;
    capabilities: string[];
  }>(
    `SELECT id, txid::text AS txid, name, kind, region, postal_code, lat, lon, capabilities FROM locations
      WHERE tenant_id = $1 AND (txid, id) > ($2::xid8, $3::text) AND ${BELOW_IN_FLIGHT}
      ORDER BY locations.txid, locations.id LIMIT $4`,
    [device.tenantId, cp.txid, cp.id, req.limit],
  );
  return page(rows, req, (r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    region: r.region,
    postalCode: r.postal_code,
    geo: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
    capabilities: r.capabilities,
    _deleted: false,
  }));
}

/**
 * Returns that concern the device's location: a line was received there, or the order has a fulfilment order there
 * (what it shipped or handed over may come back to it). A line's write restamps its return (migration 0013).
 * A return only enters this scope by its own writes: a fulfilment order moved to this location later brings its
 * order's older returns with their next change, not before.
 */
export async function pullReturns(db: Sql, device: DevicePrincipal, req: PullRequest): Promise<AnyPullResponse> {
  const cp = req.checkpoint ?? { txid: '0', id: '' };
  const { rows } = await db.query<ReturnRow & { txid: string; currency: string | null }>(
    `SELECT d.*, o.currency FROM (
       ${RETURN_SELECT.replace('SELECT r.id,', 'SELECT r.tenant_id, r.txid::text AS txid, r.id,')}
        WHERE r.tenant_id = $1 AND (r.txid, r.id) > ($3::xid8, $4::text) AND r.${BELOW_IN_FLIGHT}
          AND (EXISTS (SELECT 1 FROM return_lines rl WHERE rl.tenant_id = r.tenant_id AND rl.return_id = r.id AND rl.received_location_id = $2)
               OR EXISTS (SELECT 1 FROM fulfilment_orders fo WHERE fo.tenant_id = r.tenant_id AND fo.order_id = r.order_id AND fo.location_id = $2))
        ORDER BY r.txid, r.id LIMIT $5) d
       JOIN orders o ON o.tenant_id = d.tenant_id AND o.id = d.order_id
      ORDER BY d.txid::xid8, d.id`,
    [device.tenantId, device.locationId, cp.txid, cp.id, req.limit],
  );
  return page(rows, req, (r) => ({ ...toReturnView(toReturn(r), r.currency ?? ''), _deleted: false }));
}

/** This device's own commands and what became of them; never another device's (the outbox they reconcile is its own). */
export async function pullCommandResults(db: Sql, device: DevicePrincipal, req: PullRequest): Promise<AnyPullResponse> {
  const cp = req.checkpoint ?? { txid: '0', id: '' };
  const { rows } = await db.query<{
    id: string;
    txid: string;
    type: string;
    device_seq: number;
    status: 'applied' | 'rejected';
    reason_code: string | null;
    reason_message: string | null;
    document_version: number | null;
    received_at: Date | string;
  }>(
    `SELECT id::text AS id, txid::text AS txid, type, device_seq, status, reason_code, reason_message, document_version, received_at FROM commands
      WHERE tenant_id = $1 AND device_id = $2 AND (txid, id::text) > ($3::xid8, $4::text) AND ${BELOW_IN_FLIGHT}
      ORDER BY commands.txid, commands.id::text LIMIT $5`,
    [device.tenantId, device.deviceId, cp.txid, cp.id, req.limit],
  );
  return page(rows, req, (r) => ({
    id: r.id,
    type: r.type,
    deviceSeq: r.device_seq,
    status: r.status,
    documentVersion: r.status === 'applied' ? r.document_version : null,
    reason: r.status === 'rejected' ? { code: r.reason_code ?? '', message: r.reason_message ?? '' } : null,
    receivedAt: new Date(r.received_at).toISOString(),
    _deleted: false,
  }));
}

/** One entry point per request: each collection keeps its own checkpoint. */
export function pullCollection(db: Sql, device: DevicePrincipal, req: PullRequest): Promise<AnyPullResponse> {
  switch (req.collection) {
    case 'fulfilment_orders':
      return pullFulfilmentOrders(db, device, req);
    case 'stock_levels':
      return pullStockLevels(db, device, req);
    case 'products':
      return pullProducts(db, device, req);
    case 'locations':
      return pullLocations(db, device, req);
    case 'returns':
      return pullReturns(db, device, req);
    case 'command_results':
      return pullCommandResults(db, device, req);
  }
}
