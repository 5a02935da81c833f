import { randomUUID } from 'node:crypto';
import type { EnrolResponse } from '@aisle/domain/protocol';
import { ApiException } from '../http/errors.ts';
import { hashSecret, newEnrolmentCode, newToken, normalizeEnrolmentCode } from '../secrets.ts';
import type { Db, Sql } from '../storage/db.ts';

export const ENROLMENT_CODE_TTL_MS = 7 * 24 * 3600_000;

/** Issues a one-time code that enrols one device to `locationId`; only its hash is stored. */
export async function issueEnrolmentCode(db: Sql, tenantId: string, locationId: string, now: Date): Promise<string> {
  const code = newEnrolmentCode();
  await db.query(
    'INSERT INTO enrolment_codes (code_hash, tenant_id, location_id, expires_at) VALUES ($1, $2, $3, $4)',
    [hashSecret(normalizeEnrolmentCode(code)), tenantId, locationId, new Date(now.getTime() + ENROLMENT_CODE_TTL_MS).toISOString()],
  );
  return code;
}

/** Spends a code and returns the device's token, shown once. A wrong, used or expired code changes nothing. */
export async function enrolDevice(db: Db, code: string, deviceName: string | undefined, now: Date): Promise<EnrolResponse> {
  const codeHash = hashSecret(normalizeEnrolmentCode(code));
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ tenant_id: string; location_id: string; name: string; kind: 'store' | 'warehouse' }>(
      `UPDATE enrolment_codes c SET used_at = $2
         FROM locations l
        WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2
          AND l.tenant_id = c.tenant_id AND l.id = c.location_id
        RETURNING c.tenant_id, c.location_id, l.name, l.kind`,
      [codeHash, now.toISOString()],
    );
    const row = rows[0];
    // One message for unknown, used and expired codes: the answer must not help guessing.
    if (!row) throw new ApiException(400, 'enrolment_code_invalid', 'this enrolment code is not valid (wrong, used or expired)', 'code');
    const deviceId = randomUUID();
    const token = newToken('dt');
    await tx.query(
      'INSERT INTO devices (id, tenant_id, location_id, name, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [deviceId, row.tenant_id, row.location_id, deviceName ?? 'Store device', hashSecret(token), now.toISOString()],
    );
    await tx.query('UPDATE enrolment_codes SET used_by = $2 WHERE code_hash = $1', [codeHash, deviceId]);
    return {
      deviceId,
      token,
      tenantId: row.tenant_id,
      location: { id: row.location_id, name: row.name, kind: row.kind },
    } as EnrolResponse;
  });
}

export async function revokeDevice(db: Sql, deviceId: string, now: Date): Promise<void> {
  await db.query('UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [deviceId, now.toISOString()]);
}
