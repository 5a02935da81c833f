import { hashSecret, newToken } from '../secrets.ts';
import type { Sql } from '../storage/db.ts';

export interface TenantSpec {
  id: string;
  name: string;
  locations: readonly LocationSpec[];
  products: readonly { sku: string; name: string; gtin: string | null }[];
}

export interface LocationSpec {
  id: string;
  name: string;
  kind: 'store' | 'warehouse' | 'dropship';
  /** Defaults: a store picks up and ships from store, a warehouse ships. */
  capabilities?: readonly ('ship' | 'pickup' | 'ship_from_store' | 'curbside')[];
  country?: string;
  region?: string;
  postalCode?: string;
  geo?: { lat: number; lon: number };
  dailyCapacity?: number;
  /** Carrier cut-off, minutes after local midnight. */
  cutoffLocalMinutes?: number;
  utcOffsetMinutes?: number;
  handlingCostPerOrder?: number;
  handlingCostPerUnit?: number;
  priority?: number;
}

const DEFAULT_CAPABILITIES: Record<LocationSpec['kind'], LocationSpec['capabilities']> = {
  store: ['pickup', 'ship_from_store'],
  warehouse: ['ship'],
  dropship: ['ship'],
};

/** Creates a tenant with its locations and catalog. Run inside a transaction. */
export async function provisionTenant(tx: Sql, spec: TenantSpec): Promise<void> {
  await tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [spec.id, spec.name]);
  for (const l of spec.locations) {
    await tx.query(
      `INSERT INTO locations (tenant_id, id, name, kind, capabilities, country, region, postal_code, lat, lon, daily_capacity,
                             cutoff_local_minutes, utc_offset_minutes, handling_cost_per_order, handling_cost_per_unit, priority)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [spec.id, l.id, l.name, l.kind, [...(l.capabilities ?? DEFAULT_CAPABILITIES[l.kind] ?? [])], l.country ?? 'GB', l.region ?? null,
        l.postalCode ?? null, l.geo?.lat ?? null, l.geo?.lon ?? null, l.dailyCapacity ?? 1000, l.cutoffLocalMinutes ?? null,
        l.utcOffsetMinutes ?? 0, l.handlingCostPerOrder ?? 0, l.handlingCostPerUnit ?? 0, l.priority ?? 0],
    );
  }
  for (const p of spec.products) {
    await tx.query('INSERT INTO products (tenant_id, sku, name, gtin) VALUES ($1, $2, $3, $4)', [spec.id, p.sku, p.name, p.gtin]);
  }
}

/** Issues a channel API key; the plaintext is returned once and only its hash is kept. */
export async function issueChannelKey(db: Sql, tenantId: string, channel: string): Promise<string> {
  const key = newToken('ck');
  await db.query('INSERT INTO channel_keys (key_hash, tenant_id, channel) VALUES ($1, $2, $3)', [hashSecret(key), tenantId, channel]);
  return key;
}
