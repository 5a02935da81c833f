import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shopify signs the raw body: `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(secret, body bytes)).
 * Check it on the bytes as received, before any parsing: re-serialised JSON
 * would not be the bytes Shopify signed.
 */
export function shopifyHmac(secret: string, body: Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Timing-safe; a missing or malformed header is simply a mismatch. */
export function verifyShopifyHmac(secret: string, body: Uint8Array, header: string | undefined): boolean {
  const expected = Buffer.from(shopifyHmac(secret, body), 'utf8');
  const given = Buffer.from((header ?? '').trim(), 'utf8');
  // Lengths are public (a base64 SHA-256 is always 44 characters); only the content is compared in constant time.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
