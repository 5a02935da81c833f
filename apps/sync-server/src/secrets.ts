import { createHash, randomBytes, randomInt } from 'node:crypto';
import { formatPickupCode, PICKUP_CODE_SPACE, pickupCodeFromNumber } from '@aisle/domain';

/** Tokens carry 256 bits of entropy, so a fast hash is enough to store them (no password stretching needed). */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

// No 0/O, 1/I/L, U: codes are read aloud and typed on handhelds.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrolment code like `K7Q2-M9XD` (about 39 bits; it expires and works once). */
export function newEnrolmentCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** What a person typed, made comparable: case, spaces and dashes do not matter. */
export function normalizeEnrolmentCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * A pickup code for the customer in the domain's format (`K7MA-4QX9`: seven
 * random symbols and a check character, AL5–AL7) and what the fulfilment
 * order keeps of it: a per-order salt and the SHA-256 the counter device
 * compares offline (the domain's fulfilment-order/pickup-code.ts). The code
 * itself goes only to the customer (channel webhook, e-mail).
 */
export function newPickupCode(digestInput: (salt: string, code: string) => string): { code: string; digest: { salt: string; sha256: string } } {
  const code = formatPickupCode(pickupCodeFromNumber(randomInt(PICKUP_CODE_SPACE)));
  const salt = randomBytes(12).toString('base64url');
  return { code, digest: { salt, sha256: createHash('sha256').update(digestInput(salt, code), 'utf8').digest('hex') } };
}
