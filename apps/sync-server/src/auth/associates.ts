import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { ApiException } from '../http/errors.ts';
import { hashSecret, newToken } from '../secrets.ts';
import type { Db, Sql } from '../storage/db.ts';
import type { Role } from './permissions.ts';

const scrypt = promisify(scryptCb) as (password: string, salt: string, keylen: number) => Promise<Buffer>;

/** Idle sessions end after this; an associate who walks away is signed out. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** No session outlives a long shift. */
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** Wrong PINs in a row before the badge is locked, and for how long. */
export const MAX_PIN_FAILURES = 5;
export const PIN_LOCK_MS = 15 * 60_000;

export const PIN_PATTERN = /^\d{4,8}$/;

async function hashPin(pin: string, salt: string): Promise<string> {
  return (await scrypt(pin, salt, 32)).toString('hex');
}

/** Badges carry 128 random bits, so the printed barcode is the credential's first half and the PIN its second. */
function newBadge(): string {
  return `AB-${randomBytes(16).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 20)}`;
}

/** Scanners and people add spaces and change case; the badge hash is over the normalised text. */
export function normalizeBadge(badge: string): string {
  return badge.trim().toUpperCase();
}

export interface NewAssociate {
  tenantId: string;
  firstName: string;
  lastName: string;
  role: Role;
  locationId: string | null;
  pin: string;
  /** Given in tests and the demo so its badges are printable ahead of time; otherwise generated. */
  badge?: string;
}

/** Creates an associate; returns the badge barcode, shown once (only its hash is kept). */
export async function createAssociate(tx: Sql, spec: NewAssociate, now: Date): Promise<{ id: string; badge: string }> {
  const id = randomUUID();
  const badge = normalizeBadge(spec.badge ?? newBadge());
  const salt = randomBytes(16).toString('hex');
  await tx.query(
    `INSERT INTO associates (tenant_id, id, first_name, last_name, role, location_id, badge_hash, pin_salt, pin_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [spec.tenantId, id, spec.firstName, spec.lastName, spec.role, spec.locationId, hashSecret(badge), salt, await hashPin(spec.pin, salt), now.toISOString()],
  );
  return { id, badge };
}

export interface SignedIn {
  sessionToken: string;
  sessionId: string;
  associate: { id: string; displayName: string; role: Role };
  expiresAt: string;
  idleTimeoutSeconds: number;
}

/**
 * Badge + PIN on an enrolled device. One answer for an unknown badge and a
 * wrong PIN, so the device cannot be used to find valid badges; after
 * MAX_PIN_FAILURES wrong PINs the badge is locked for a while (423), which
 * bounds guessing a 4-digit PIN to a handful of tries per quarter hour.
 * Signing in ends any other session open on this device: shared devices have
 * one associate at a time.
 */
export async function signIn(
  db: Db,
  device: { tenantId: string; locationId: string; deviceId: string },
  badge: string,
  pin: string,
  now: Date,
): Promise<SignedIn> {
  const { rows } = await db.query<{
    id: string;
    first_name: string;
    last_name: string;
    role: Role;
    location_id: string | null;
    pin_salt: string;
    pin_hash: string;
    locked_until: Date | null;
    active: boolean;
  }>(
    `SELECT id, first_name, last_name, role, location_id, pin_salt, pin_hash, locked_until, active
       FROM associates WHERE tenant_id = $1 AND badge_hash = $2`,
    [device.tenantId, hashSecret(normalizeBadge(badge))],
  );
  const a = rows[0];
  const failed = () => new ApiException(401, 'sign_in_failed', 'that badge and PIN do not match');
  if (!a || !a.active) {
    // Spend the same time as a real check, so timing does not reveal which badges exist.
    await hashPin(pin, 'no-such-badge');
    throw failed();
  }
  if (a.locked_until && new Date(a.locked_until) > now) {
    throw new ApiException(423, 'badge_locked', `too many wrong PINs: try again after ${new Date(a.locked_until).toISOString()}, or ask a manager`);
  }
  const ok = timingSafeEqual(Buffer.from(await hashPin(pin, a.pin_salt), 'hex'), Buffer.from(a.pin_hash, 'hex'));
  if (!ok) {
    await db.query(
      `UPDATE associates SET failed_attempts = failed_attempts + 1,
              locked_until = CASE WHEN failed_attempts + 1 >= $3 THEN $4::timestamptz ELSE locked_until END
        WHERE tenant_id = $1 AND id = $2`,
      [device.tenantId, a.id, MAX_PIN_FAILURES, new Date(now.getTime() + PIN_LOCK_MS).toISOString()],
    );
    throw failed();
  }
  if (a.location_id !== null && a.location_id !== device.locationId) {
    throw new ApiException(403, 'wrong_location', 'this badge is not for this store');
  }
  const token = newToken('st');
  const sessionId = randomUUID();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
  await db.transaction(async (tx) => {
    await tx.query('UPDATE associates SET failed_attempts = 0, locked_until = NULL WHERE tenant_id = $1 AND id = $2', [device.tenantId, a.id]);
    await tx.query('UPDATE sessions SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL', [device.deviceId, now.toISOString()]);
    await tx.query(
      `INSERT INTO sessions (id, token_hash, tenant_id, device_id, associate_id, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
      [sessionId, hashSecret(token), device.tenantId, device.deviceId, a.id, now.toISOString(), expiresAt],
    );
  });
  return {
    sessionToken: token,
    sessionId,
    associate: { id: a.id, displayName: displayName(a.first_name, a.last_name), role: a.role },
    expiresAt,
    idleTimeoutSeconds: SESSION_IDLE_MS / 1000,
  };
}

/** First name and last initial: what screens and logs show of a person. */
export function displayName(first: string, last: string): string {
  const initial = last.trim().charAt(0).toUpperCase();
  return initial ? `${first.trim()} ${initial}.` : first.trim();
}

export interface SessionPrincipal {
  sessionId: string;
  associateId: string;
  role: Role;
  displayName: string;
}

/** Minimum gap between `last_seen_at` writes: every request refreshes idleness, but not every request writes. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The signed-in associate behind a session token on this device, or why not.
 * A session ends when revoked (sign-out, another sign-in, deactivation), idle
 * too long, or past its absolute limit.
 */
export async function resolveSession(db: Sql, deviceId: string, token: string, now: Date): Promise<SessionPrincipal> {
  const { rows } = await db.query<{
    id: string;
    associate_id: string;
    last_seen_at: Date;
    expires_at: Date;
    revoked_at: Date | null;
    role: Role;
    first_name: string;
    last_name: string;
    active: boolean;
  }>(
    `SELECT s.id, s.associate_id, s.last_seen_at, s.expires_at, s.revoked_at, a.role, a.first_name, a.last_name, a.active
       FROM sessions s JOIN associates a ON a.tenant_id = s.tenant_id AND a.id = s.associate_id
      WHERE s.token_hash = $1 AND s.device_id = $2`,
    [hashSecret(token), deviceId],
  );
  const s = rows[0];
  if (!s || s.revoked_at || !s.active) throw new ApiException(401, 'session_ended', 'signed out: scan your badge to sign in');
  if (new Date(s.expires_at) <= now) throw new ApiException(401, 'session_expired', 'your session reached its time limit: sign in again');
  const idle = now.getTime() - new Date(s.last_seen_at).getTime();
  if (idle >= SESSION_IDLE_MS) throw new ApiException(401, 'session_expired', 'signed out after a while without use: sign in again');
  if (idle >= TOUCH_EVERY_MS) await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [s.id, now.toISOString()]);
  return { sessionId: s.id, associateId: s.associate_id, role: s.role, displayName: displayName(s.first_name, s.last_name) };
}

export async function revokeSession(db: Sql, sessionId: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, now.toISOString()]);
}

/** Issues a tenant admin key; the plaintext is returned once. */
export async function issueAdminKey(db: Sql, tenantId: string): Promise<string> {
  const key = newToken('ak');
  await db.query('INSERT INTO admin_keys (key_hash, tenant_id) VALUES ($1, $2)', [hashSecret(key), tenantId]);
  return key;
}
