import { z } from 'zod';

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/**
 * GS1 check digit over the digits that precede it: weights 3,1,3,1… from the
 * right, so the same function serves GTIN-8, -12, -13 and -14 (GT1).
 */
export function gtinCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new TypeError(`gtinCheckDigit expects digits, got ${JSON.stringify(body)}`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** GT2: a GTIN is 8, 12, 13 or 14 digits whose last digit is the check digit. */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code) || !GTIN_LENGTHS.has(code.length)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/**
 * GT3: scanners report the same product as GTIN-12 (UPC-A), GTIN-13 or GTIN-14
 * depending on symbology; comparing the 14-digit form makes them equal.
 */
export function normalizeGtin(code: string): string | null {
  return isValidGtin(code) ? code.padStart(14, '0') : null;
}

export const Gtin = z.string().refine(isValidGtin, 'not a valid GTIN (8, 12, 13 or 14 digits with a correct check digit)').brand<'Gtin'>();
export type Gtin = z.infer<typeof Gtin>;

/** True when two barcodes denote the same GTIN (GT3). */
export function sameGtin(a: string, b: string): boolean {
  const na = normalizeGtin(a);
  return na !== null && na === normalizeGtin(b);
}
