import { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import { barcodeError, type BarcodeError } from './barcode-error.ts';

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/**
 * GS1 check digit over the digits that precede it: weights 3,1,3,1… from the
 * right, so the same function serves GTIN-8, -12, -13 and -14, SSCC and GLN (GT1).
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

/** True when `code` is at least two digits and its last digit is the GS1 check digit of the rest (GT1). */
export function hasValidGs1CheckDigit(code: string): boolean {
  if (!/^\d{2,}$/.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** GT2: a GTIN is 8, 12, 13 or 14 digits whose last digit is the check digit. */
export function isValidGtin(code: string): boolean {
  return GTIN_LENGTHS.has(code.length) && hasValidGs1CheckDigit(code);
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

export type GtinFormat = 'gtin_8' | 'gtin_12' | 'gtin_13' | 'gtin_14';
export type GtinErrorCode = 'empty' | 'invalid_characters' | 'wrong_length' | 'bad_check_digit';
export type GtinError = BarcodeError<GtinErrorCode>;

/**
 * GT4: the reason a GTIN is refused, for a scan screen to say more than "no":
 * a non-digit, a length other than 8/12/13/14, or a wrong check digit.
 * The value is the 14-digit form (GT3) and the length the scan had.
 */
export function parseGtin(text: string): Result<{ gtin: Gtin; format: GtinFormat }, GtinError> {
  if (text === '') return err(barcodeError('empty', 'nothing was scanned'));
  const bad = text.search(/\D/);
  if (bad >= 0) return err(barcodeError('invalid_characters', `a GTIN is digits only, found ${JSON.stringify(text.charAt(bad))}`, bad));
  if (!GTIN_LENGTHS.has(text.length)) {
    return err(barcodeError('wrong_length', `a GTIN has 8, 12, 13 or 14 digits, this has ${text.length}`));
  }
  if (!hasValidGs1CheckDigit(text)) {
    const expected = gtinCheckDigit(text.slice(0, -1));
    return err(barcodeError('bad_check_digit', `check digit is ${text.charAt(text.length - 1)}, should be ${expected}`, text.length - 1));
  }
  return ok({ gtin: text.padStart(14, '0') as Gtin, format: `gtin_${text.length}` as GtinFormat });
}
