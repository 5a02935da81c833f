import { CreateAssociateRequest, IssueChannelKeyRequest, IssueEnrolmentCodeRequest } from '@aisle/domain/protocol';
import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { createAssociate, displayName } from '../auth/associates.ts';
import { issueEnrolmentCode, revokeDevice, ENROLMENT_CODE_TTL_MS } from '../devices/enrolment.ts';
import { adminAuth, type AppEnv } from '../http/auth.ts';
import { readJson } from '../http/body.ts';
import { ApiException } from '../http/errors.ts';
import { issueChannelKey } from '../tenants/provision.ts';

/** The tenant administrator's API: people, devices and keys. Secrets appear in a response once and are stored hashed. */
export function adminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', adminAuth(deps.db));

  const requireLocation = async (tenantId: string, locationId: string, field: string) => {
    const { rows } = await deps.db.query('SELECT 1 FROM locations WHERE tenant_id = $1 AND id = $2', [tenantId, locationId]);
    if (rows.length === 0) throw new ApiException(422, 'unknown_reference', `no location ${locationId}`, field);
  };

  app.post('/associates', async (c) => {
    const { tenantId } = c.get('admin');
    const { data } = await readJson(c, CreateAssociateRequest);
    if (data.locationId) await requireLocation(tenantId, data.locationId, 'locationId');
    const created = await deps.db.transaction((tx) =>
      createAssociate(tx, { tenantId, firstName: data.firstName, lastName: data.lastName, role: data.role, locationId: data.locationId ?? null, pin: data.pin }, deps.clock()),
    );
    return c.json({ id: created.id, badge: created.badge, displayName: displayName(data.firstName, data.lastName), role: data.role, locationId: data.locationId ?? null }, 201);
  });

  app.get('/associates', async (c) => {
    const { rows } = await deps.db.query<{ id: string; first_name: string; last_name: string; role: string; location_id: string | null; active: boolean }>(
      'SELECT id, first_name, last_name, role, location_id, active FROM associates WHERE tenant_id = $1 ORDER BY first_name, id',
      [c.get('admin').tenantId],
    );
    return c.json({
      associates: rows.map((r) => ({ id: r.id, displayName: displayName(r.first_name, r.last_name), role: r.role, locationId: r.location_id, active: r.active })),
    });
  });

  /** Leaver or lost badge: every session of the associate ends now. */
  app.post('/associates/:id/deactivate', async (c) => {
    const { tenantId } = c.get('admin');
    const now = deps.clock().toISOString();
    const done = await deps.db.transaction(async (tx) => {
      const { rows } = await tx.query('UPDATE associates SET active = false WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenantId, c.req.param('id')]);
      await tx.query('UPDATE sessions SET revoked_at = $3 WHERE tenant_id = $1 AND associate_id = $2 AND revoked_at IS NULL', [tenantId, c.req.param('id'), now]);
      return rows.length > 0;
    });
    if (!done) throw new ApiException(404, 'not_found', 'no such associate');
    return c.body(null, 204);
  });

  app.post('/enrolment-codes', async (c) => {
    const { tenantId } = c.get('admin');
    const { data } = await readJson(c, IssueEnrolmentCodeRequest);
    await requireLocation(tenantId, data.locationId, 'locationId');
    const now = deps.clock();
    const code = await issueEnrolmentCode(deps.db, tenantId, data.locationId, now);
    return c.json({ code, locationId: data.locationId, expiresAt: new Date(now.getTime() + ENROLMENT_CODE_TTL_MS).toISOString() }, 201);
  });

  app.post('/channel-keys', async (c) => {
    const { tenantId } = c.get('admin');
    const { data } = await readJson(c, IssueChannelKeyRequest);
    return c.json({ key: await issueChannelKey(deps.db, tenantId, data.channel), channel: data.channel }, 201);
  });

  /** A lost or stolen device: its token and every session on it stop working. */
  app.delete('/devices/:id', async (c) => {
    const { tenantId } = c.get('admin');
    const { rows } = await deps.db.query('SELECT 1 FROM devices WHERE tenant_id = $1 AND id = $2', [tenantId, c.req.param('id')]);
    if (rows.length === 0) throw new ApiException(404, 'not_found', 'no such device');
    const now = deps.clock();
    await revokeDevice(deps.db, c.req.param('id'), now);
    await deps.db.query('UPDATE sessions SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL', [c.req.param('id'), now.toISOString()]);
    return c.body(null, 204);
  });

  return app;
}
