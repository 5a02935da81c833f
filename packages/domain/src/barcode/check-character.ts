/**
 * Check characters for Aisle's own labels. GTINs use the GS1 mod-10 digit
 * (gtin.ts); letters need a larger modulus.
 */

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * ISO/IEC 7064 MOD 37,36 (the hybrid system ISAN and GRid use) over digits
 * and upper-case letters: one alphanumeric check character that catches every
 * single-character substitution and all but a rare few adjacent swaps.
 * The caller passes only `[0-9A-Z]`; anything else is a bug, so it throws.
 */
export function mod3736CheckCharacter(text: string): string {
  const m = 36;
  let p = m;
  for (const char of text) {
    const value = ALPHANUMERIC.indexOf(char);
    if (value < 0) throw new TypeError(`mod3736CheckCharacter expects 0-9 and A-Z, got ${JSON.stringify(char)}`);
    let s = (p + value) % m;
    if (s === 0) s = m;
    p = (s * 2) % (m + 1);
  }
  return ALPHANUMERIC.charAt((m + 1 - p) % m);
}

/**
 * Weighted sum modulo a prime `alphabet.length`, weights 1, 2, 3… from the
 * left with the check character at the last weight. Because the modulus is
 * prime and larger than the code, every single substitution and every swap of
 * two characters (adjacent or not) changes the sum: the right property for
 * codes people read aloud and type.
 */
export function weightedPrimeCheckCharacter(payload: string, alphabet: string): string {
  const p = alphabet.length;
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const value = alphabet.indexOf(payload.charAt(i));
    if (value < 0) throw new TypeError(`weightedPrimeCheckCharacter: ${JSON.stringify(payload.charAt(i))} is not in the alphabet`);
    sum = (sum + (i + 1) * value) % p;
  }
  const checkWeight = payload.length + 1;
  // Solve sum + checkWeight × c ≡ 0 (mod p); p is prime, so checkWeight has an inverse.
  for (let c = 0; c < p; c++) {
    if ((sum + checkWeight * c) % p === 0) return alphabet.charAt(c);
  }
  throw new RangeError(`weightedPrimeCheckCharacter: ${p} is not prime or the payload is ${p - 1} characters or longer`);
}
