import { hashSecret, newToken } from '../secrets.ts';
import type { Sql } from '../storage/db.ts';

export interface TenantSpec {
  id: string;
  name: string;
  locations: readonly { id: string; name: string; kind: 'store' | 'warehouse' }[];
  products: readonly { sku: string; name: string; gtin: string | null }[];
}

/** Creates a tenant with its locations and catalog. Run inside a transaction. */
export async function provisionTenant(tx: Sql, spec: TenantSpec): Promise<void> {
  await tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [spec.id, spec.name]);
  for (const l of spec.locations) {
    await tx.query('INSERT INTO locations (tenant_id, id, name, kind) VALUES ($1, $2, $3, $4)', [spec.id, l.id, l.name, l.kind]);
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
