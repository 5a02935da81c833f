import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  PICKUP_CODE_ALPHABET,
  PICKUP_CODE_SPACE,
  PickupCode,
  formatPickupCode,
  formatPickupLabel,
  isValidPickupCode,
  parsePickupCode,
  pickupCodeFromNumber,
} from '../../src/barcode/pickup-code.ts';

const anyCode = fc.integer({ min: 0, max: PICKUP_CODE_SPACE - 1 }).map(pickupCodeFromNumber);
const parsed = (text: string) => {
  const r = parsePickupCode(text);
  return r.ok ? r.value : [r.error.code, r.error.position];
};

describe('pickup codes', () => {
  test('[AL5] 29 unambiguous symbols; every single wrong character and every swap is caught', () => {
    expect(PICKUP_CODE_ALPHABET).toHaveLength(29);
    expect(new Set(PICKUP_CODE_ALPHABET).size).toBe(29);
    for (const confusable of '01ILOUZ') expect(PICKUP_CODE_ALPHABET).not.toContain(confusable);
    expect(PICKUP_CODE_SPACE).toBe(17_249_876_309);
    fc.assert(
      fc.property(anyCode, (code) => {
        expect(isValidPickupCode(code)).toBe(true);
        const accepted: string[] = [];
        for (let i = 0; i < code.length; i++) {
          for (const char of PICKUP_CODE_ALPHABET) {
            const typo = `${code.slice(0, i)}${char}${code.slice(i + 1)}`;
            if (char !== code.charAt(i) && isValidPickupCode(typo)) accepted.push(typo);
          }
          for (let j = i + 1; j < code.length; j++) {
            const swapped = [...code];
            [swapped[i], swapped[j]] = [code.charAt(j), code.charAt(i)];
            if (code.charAt(i) !== code.charAt(j) && isValidPickupCode(swapped.join(''))) accepted.push(swapped.join(''));
          }
        }
        expect(accepted).toEqual([]);
      }),
    );
  });

  test('[AL6] typed any way — case, spaces, hyphens, with or without AP: — it reads the same', () => {
    const code = pickupCodeFromNumber(1_234_567_890);
    expect(code).toBe('447GV4JC');
    expect(formatPickupCode(code)).toBe('447G-V4JC');
    expect(formatPickupLabel(code)).toBe('AP:447GV4JC');
    for (const typed of ['447GV4JC', '447g-v4jc', ' 447G V4JC ', 'AP:447GV4JC', 'ap:447g-v4jc']) expect(parsed(typed)).toBe('447GV4JC');
    expect(parsed('447G-V4JL')).toEqual(['invalid_characters', 8]);
    expect(parsed('44OG-V4JC')).toEqual(['invalid_characters', 2]);
    expect(parsed('447G-V4JX')).toEqual(['bad_check_character', 8]);
    expect(parsed('447G-V4CJ')).toEqual(['bad_check_character', 8]); // two characters swapped
    expect(parsed('447G-V4J')).toEqual(['truncated', 8]);
    expect(parsed('447G-V4JCC')).toEqual(['too_long', 9]);
    expect(parsed(' - ')).toEqual(['empty', undefined]);
    fc.assert(
      fc.property(anyCode, (c) => {
        expect(parsePickupCode(formatPickupCode(c))).toEqual({ ok: true, value: c });
        expect(parsePickupCode(formatPickupLabel(c))).toEqual({ ok: true, value: c });
        expect(parsePickupCode(formatPickupCode(c).toLowerCase())).toEqual({ ok: true, value: c });
      }),
    );
  });

  test('[AL7] made from a number the caller draws: distinct numbers, distinct codes', () => {
    expect(pickupCodeFromNumber(0)).toMatch(/^2{7}.$/);
    expect(PickupCode.safeParse(pickupCodeFromNumber(PICKUP_CODE_SPACE - 1)).success).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: PICKUP_CODE_SPACE - 1 }), fc.integer({ min: 0, max: PICKUP_CODE_SPACE - 1 }), (a, b) => {
        expect(pickupCodeFromNumber(a) === pickupCodeFromNumber(b)).toBe(a === b);
      }),
    );
    for (const bad of [-1, PICKUP_CODE_SPACE, 1.5, Number.NaN]) expect(() => pickupCodeFromNumber(bad)).toThrow(RangeError);
    expect(PickupCode.safeParse('447G-V4JC').success).toBe(false); // the schema takes the canonical form only
  });
});
