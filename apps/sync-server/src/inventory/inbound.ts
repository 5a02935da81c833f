import type { InboundSupplyRequest } from '@aisle/domain/protocol';
import { ApiException } from '../http/errors.ts';
import type { Sql } from '../storage/db.ts';

/** Upserts expected supply by id; `cancelled` withdraws it. Received supply is closed by receiving, not here. */
export async function putInboundSupply(tx: Sql, tenantId: string, supplies: InboundSupplyRequest['supplies']) {
  for (const [i, s] of supplies.entries()) {
    const known = await tx.query(
      `SELECT (SELECT count(*) FROM locations WHERE tenant_id = $1 AND id = $2)::int AS loc,
              (SELECT count(*) FROM products WHERE tenant_id = $1 AND sku = $3)::int AS sku`,
      [tenantId, s.locationId, s.sku],
    );
    const row = known.rows[0] as { loc: number; sku: number } | undefined;
    if (!row?.loc) throw new ApiException(422, 'unknown_reference', `no location ${s.locationId}`, `supplies.${i}.locationId`);
    if (!row.sku) throw new ApiException(422, 'unknown_reference', `unknown SKU ${s.sku}`, `supplies.${i}.sku`);
    const { rows } = await tx.query(
      `INSERT INTO inbound_supply (tenant_id, id, location_id, sku, quantity, eta, confidence, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, id) DO UPDATE
         SET location_id = EXCLUDED.location_id, sku = EXCLUDED.sku, quantity = EXCLUDED.quantity,
             eta = EXCLUDED.eta, confidence = EXCLUDED.confidence, status = EXCLUDED.status
         WHERE inbound_supply.status <> 'received'
       RETURNING id`,
      [tenantId, s.id, s.locationId, s.sku, s.quantity, s.eta, s.confidence, s.status],
    );
    if (rows.length === 0) throw new ApiException(409, 'idempotency_conflict', `inbound supply ${s.id} was already received`, `supplies.${i}.id`);
  }
  return { upserted: supplies.length };
}
