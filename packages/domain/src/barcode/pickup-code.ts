import { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import type { LabelError } from './aisle-labels.ts';
import { barcodeError } from './barcode-error.ts';
import { weightedPrimeCheckCharacter } from './check-character.ts';
import { asciiUpperCase } from './scan-text.ts';

/**
 * The code a customer shows at the pickup counter: eight characters, read out
 * or typed by an associate, printed as `K7MA-4QX9`, and as `AP:K7MA4QX9` in
 * the QR code of the ready-for-pickup message.
 *
 * AL5: 29 symbols — digits and capitals without 0/O, 1/I/L, U (V) and Z (2) —
 * so nothing on the screen can be read two ways, and 29 is prime, which makes
 * the check character catch every single wrong character and every swap of
 * two characters (`weightedPrimeCheckCharacter`). Seven random symbols give
 * 29^7 ≈ 1.7 × 10^10 codes: the counter device holds only a salted digest of
 * the code (fulfilment-order/pickup-code.ts), and that digest must not be
 * cheap to search; six symbols would be searched in under a second.
 */
export const PICKUP_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXY';
const PAYLOAD_LENGTH = 7;
export const PICKUP_CODE_LENGTH = PAYLOAD_LENGTH + 1;
/** How many pickup codes exist: pass a uniform integer below this to `pickupCodeFromNumber`. */
export const PICKUP_CODE_SPACE = PICKUP_CODE_ALPHABET.length ** PAYLOAD_LENGTH;
const LABEL_PREFIX = 'AP:';

/** The canonical form: eight alphabet characters, upper case, no hyphen, correct check character. */
export function isValidPickupCode(code: string): boolean {
  if (code.length !== PICKUP_CODE_LENGTH) return false;
  for (const char of code) if (!PICKUP_CODE_ALPHABET.includes(char)) return false;
  return weightedPrimeCheckCharacter(code.slice(0, PAYLOAD_LENGTH), PICKUP_CODE_ALPHABET) === code.charAt(PAYLOAD_LENGTH);
}

export const PickupCode = z.string().refine(isValidPickupCode, 'not a pickup code').brand<'PickupCode'>();
export type PickupCode = z.infer<typeof PickupCode>;

/**
 * AL7: the domain draws no randomness, so the caller passes a uniform integer
 * in [0, PICKUP_CODE_SPACE) — on the server `crypto.randomInt(PICKUP_CODE_SPACE)`.
 * Anything else is a bug and throws.
 */
export function pickupCodeFromNumber(n: number): PickupCode {
  if (!Number.isInteger(n) || n < 0 || n >= PICKUP_CODE_SPACE) {
    throw new RangeError(`pickupCodeFromNumber expects an integer in [0, ${PICKUP_CODE_SPACE}), got ${n}`);
  }
  const base = PICKUP_CODE_ALPHABET.length;
  let rest = n;
  let payload = '';
  for (let i = 0; i < PAYLOAD_LENGTH; i++) {
    payload = PICKUP_CODE_ALPHABET.charAt(rest % base) + payload;
    rest = Math.floor(rest / base);
  }
  return `${payload}${weightedPrimeCheckCharacter(payload, PICKUP_CODE_ALPHABET)}` as PickupCode;
}

/** AL6: how a person reads it, in two groups of four: `K7MA-4QX9`. */
export function formatPickupCode(code: PickupCode): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** AL6: what the QR code holds: `AP:K7MA4QX9`, recognisable by `classifyScan`. */
export function formatPickupLabel(code: PickupCode): string {
  return `${LABEL_PREFIX}${code}`;
}

const NEVER_USED = '01ILOUZ';

/**
 * AL6: accepts what an associate types or a scanner reads — any case, spaces
 * and hyphens anywhere, with or without `AP:` — and returns the canonical code.
 */
export function parsePickupCode(text: string): Result<PickupCode, LabelError> {
  const upper = asciiUpperCase(text);
  const start = upper.startsWith(LABEL_PREFIX) ? LABEL_PREFIX.length : 0;
  let code = '';
  let lastAt = -1;
  for (let i = start; i < upper.length; i++) {
    const char = upper.charAt(i);
    if (char === ' ' || char === '-') continue;
    if (!PICKUP_CODE_ALPHABET.includes(char)) {
      const hint = NEVER_USED.includes(char) ? ` (pickup codes never use ${[...NEVER_USED].join(', ')})` : '';
      return err(barcodeError('invalid_characters', `${JSON.stringify(text.charAt(i))} is not in a pickup code${hint}`, i));
    }
    if (code.length === PICKUP_CODE_LENGTH) {
      return err(barcodeError('too_long', `a pickup code has ${PICKUP_CODE_LENGTH} characters`, i));
    }
    code += char;
    lastAt = i;
  }
  if (code.length === 0) return err(barcodeError('empty', 'no pickup code was entered'));
  if (code.length < PICKUP_CODE_LENGTH) {
    return err(barcodeError('truncated', `a pickup code has ${PICKUP_CODE_LENGTH} characters, this has ${code.length}`, text.length));
  }
  if (!isValidPickupCode(code)) {
    return err(barcodeError('bad_check_character', 'this is not a pickup code: a character is wrong or two are swapped', lastAt));
  }
  return ok(code as PickupCode);
}
