import { z } from 'zod';

/**
 * Offline pickup-code check (HO2). The domain cannot hash (no crypto in the
 * domain), so hashing happens at the edges and the domain only compares:
 *
 *   sha256 = hex(SHA-256(UTF-8(pickupCodeDigestInput(salt, code))))
 *
 * The server issues a code, stores only `{ salt, sha256 }` on the fulfilment
 * order, and the replica carries that to the counter device. At the counter the
 * app hashes what the customer shows (QR or typed) with WebCrypto and sends the
 * digest in the hand-off command; server and device then give the same answer.
 *
 * A digest on a device can be brute-forced by whoever holds the device: the
 * per-order salt only stops one precomputed table serving every order. The
 * code must therefore be long enough for the risk (the QR can carry a long
 * token; a typed fallback should be at least 8 characters), devices are
 * enrolled, and the server rate-limits online attempts.
 */
export const PickupCodeDigest = z.object({
  salt: z.string().min(8).max(64),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256 digest'),
});
export type PickupCodeDigest = z.infer<typeof PickupCodeDigest>;

/** The digest a device sends: 64 lowercase hex characters. */
export const PickupCodeDigestHex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256 digest');

/** Customers read codes aloud and type them: case, spaces and dashes carry no meaning. */
export function normalizePickupCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** The exact text both edges hash, versioned so the scheme can change without ambiguity. */
export function pickupCodeDigestInput(salt: string, code: string): string {
  return `aisle-pickup-v1:${salt}:${normalizePickupCode(code)}`;
}

/**
 * Compares two hex digests without stopping at the first difference, so the
 * time taken says nothing about how close a guess was.
 */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
