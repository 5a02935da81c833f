import type { DeviceId, LocationId, TenantId } from '@aisle/domain';
import { SESSION_HEADER } from '@aisle/domain/protocol';
import { createMiddleware } from 'hono/factory';
import { resolveSession, type SessionPrincipal } from '../auth/associates.ts';
import { hashSecret } from '../secrets.ts';
import type { Sql } from '../storage/db.ts';
import { ApiException } from './errors.ts';

export interface ChannelPrincipal {
  tenantId: TenantId;
  channel: string;
}

export interface DevicePrincipal {
  tenantId: TenantId;
  locationId: LocationId;
  deviceId: DeviceId;
}

export interface AdminPrincipal {
  tenantId: TenantId;
}

export type AppEnv = {
  Variables: { channel: ChannelPrincipal; device: DevicePrincipal; admin: AdminPrincipal; session: SessionPrincipal };
};

export function bearer(header: string | undefined): string {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) throw new ApiException(401, 'unauthenticated', 'send Authorization: Bearer <token>');
  return m[1];
}

/** The channel a key belongs to, or a 401. */
export async function authenticateChannel(db: Sql, key: string): Promise<ChannelPrincipal> {
  const { rows } = await db.query<{ tenant_id: TenantId; channel: string }>(
    'SELECT tenant_id, channel FROM channel_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [hashSecret(key)],
  );
  const row = rows[0];
  if (!row) throw unknownChannelKey();
  return { tenantId: row.tenant_id, channel: row.channel };
}

export const unknownChannelKey = () => new ApiException(401, 'unauthenticated', 'unknown or revoked channel key');

export function channelAuth(db: Sql) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('channel', await authenticateChannel(db, bearer(c.req.header('Authorization'))));
    await next();
  });
}

export function deviceAuth(db: Sql) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearer(c.req.header('Authorization'));
    const { rows } = await db.query<{ id: DeviceId; tenant_id: TenantId; location_id: LocationId }>(
      'SELECT id, tenant_id, location_id FROM devices WHERE token_hash = $1 AND revoked_at IS NULL',
      [hashSecret(token)],
    );
    const row = rows[0];
    if (!row) throw new ApiException(401, 'unauthenticated', 'unknown or revoked device token');
    c.set('device', { tenantId: row.tenant_id, locationId: row.location_id, deviceId: row.id });
    await next();
  });
}

/** The tenant's administrator: issues enrolment codes, channel keys and associates. */
export function adminAuth(db: Sql) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = bearer(c.req.header('Authorization'));
    const { rows } = await db.query<{ tenant_id: TenantId }>('SELECT tenant_id FROM admin_keys WHERE key_hash = $1 AND revoked_at IS NULL', [
      hashSecret(key),
    ]);
    const row = rows[0];
    if (!row) throw new ApiException(401, 'unauthenticated', 'unknown or revoked admin key');
    c.set('admin', { tenantId: row.tenant_id });
    await next();
  });
}

/**
 * An associate signed in on this device (after `deviceAuth`): the device token
 * says where, the session token who. Both are needed, so a stolen session
 * token is useless away from its device.
 */
export function sessionAuth(db: Sql, clock: () => Date) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = c.req.header(SESSION_HEADER);
    if (!token) throw new ApiException(401, 'sign_in_required', 'scan your badge and enter your PIN to sign in');
    c.set('session', await resolveSession(db, c.get('device').deviceId, token, clock()));
    await next();
  });
}
