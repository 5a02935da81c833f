import { parseRoutingPolicy, type RoutingPolicy } from '@aisle/domain';
import { ApiException } from '../http/errors.ts';
import type { Sql } from '../storage/db.ts';
import { DEFAULT_ROUTING_POLICY } from './default-policy.ts';

export interface PolicyRevision {
  revision: number;
  status: 'draft' | 'live' | 'retired';
  note: string | null;
  createdAt: string;
  promotedAt: string | null;
  policy: RoutingPolicy;
}

interface Row {
  revision: number;
  status: PolicyRevision['status'];
  note: string | null;
  created_at: Date;
  promoted_at: Date | null;
  policy: unknown;
}

const toRevision = (r: Row): PolicyRevision => {
  const parsed = parseRoutingPolicy(r.policy);
  // Stored policies were parsed on the way in; one that no longer parses was written by a newer build.
  if (!parsed.ok) throw new Error(`routing policy revision ${r.revision} is unreadable: ${parsed.error.message}`);
  return {
    revision: r.revision,
    status: r.status,
    note: r.note,
    createdAt: new Date(r.created_at).toISOString(),
    promotedAt: r.promoted_at ? new Date(r.promoted_at).toISOString() : null,
    policy: parsed.value,
  };
};

/** The live policy and its revision; revision 0 is the built-in default, used until a tenant promotes one. */
export async function livePolicy(db: Sql, tenantId: string): Promise<{ revision: number; policy: RoutingPolicy }> {
  const { rows } = await db.query<Row>(
    "SELECT revision, status, note, created_at, promoted_at, policy FROM routing_policies WHERE tenant_id = $1 AND status = 'live'",
    [tenantId],
  );
  return rows[0] ? toRevision(rows[0]) : { revision: 0, policy: DEFAULT_ROUTING_POLICY };
}

/** `livePolicy` from a row read elsewhere (capture reads it with its other inputs); null means the default. */
export function livePolicyOf(row: { revision: number; policy: unknown } | null): { revision: number; policy: RoutingPolicy } {
  if (!row) return { revision: 0, policy: DEFAULT_ROUTING_POLICY };
  const parsed = parseRoutingPolicy(row.policy);
  if (!parsed.ok) throw new Error(`routing policy revision ${row.revision} is unreadable: ${parsed.error.message}`);
  return { revision: row.revision, policy: parsed.value };
}

export async function listPolicies(db: Sql, tenantId: string): Promise<PolicyRevision[]> {
  const { rows } = await db.query<Row>(
    'SELECT revision, status, note, created_at, promoted_at, policy FROM routing_policies WHERE tenant_id = $1 ORDER BY revision',
    [tenantId],
  );
  return rows.map(toRevision);
}

/** Saves a draft as a new immutable revision. A policy that does not parse is a 422 naming its fields. */
export async function saveDraft(tx: Sql, tenantId: string, json: unknown, note: string | undefined, now: Date): Promise<PolicyRevision> {
  const parsed = parseRoutingPolicy(json);
  if (!parsed.ok) {
    throw new ApiException(422, 'invalid_body', parsed.error.message, parsed.error.fields[0] ? `policy.${parsed.error.fields[0]}` : 'policy.version');
  }
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`routing-policy/${tenantId}`]);
  const { rows } = await tx.query<Row>(
    `INSERT INTO routing_policies (tenant_id, revision, policy, status, note, created_at)
     VALUES ($1, (SELECT COALESCE(max(revision), 0) + 1 FROM routing_policies WHERE tenant_id = $1), $2, 'draft', $3, $4)
     RETURNING revision, status, note, created_at, promoted_at, policy`,
    [tenantId, JSON.stringify(parsed.value), note ?? null, now.toISOString()],
  );
  return toRevision(rows[0]!);
}

/** Makes a draft the live policy; the previous live one is retired. */
export async function promote(tx: Sql, tenantId: string, revision: number, now: Date): Promise<PolicyRevision> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`routing-policy/${tenantId}`]);
  const { rows: target } = await tx.query<{ status: string }>('SELECT status FROM routing_policies WHERE tenant_id = $1 AND revision = $2', [
    tenantId,
    revision,
  ]);
  if (!target[0]) throw new ApiException(404, 'not_found', `no routing policy revision ${revision}`);
  if (target[0].status !== 'draft') throw new ApiException(409, 'conflict', `revision ${revision} is ${target[0].status}, not a draft`);
  await tx.query("UPDATE routing_policies SET status = 'retired' WHERE tenant_id = $1 AND status = 'live'", [tenantId]);
  const { rows } = await tx.query<Row>(
    `UPDATE routing_policies SET status = 'live', promoted_at = $3 WHERE tenant_id = $1 AND revision = $2
     RETURNING revision, status, note, created_at, promoted_at, policy`,
    [tenantId, revision, now.toISOString()],
  );
  return toRevision(rows[0]!);
}
