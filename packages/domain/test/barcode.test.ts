import { describe, expect, test } from 'vitest';
import { gtinCheckDigit, hasValidGs1CheckDigit, isValidGtin, normalizeGtin, parseGtin, sameGtin } from '../src/barcode/gtin.ts';

describe('GTIN', () => {
  test('[GT1] check digit by the GS1 mod-10 algorithm', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('501234567890')).toBe(0);
    expect(gtinCheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit('9638507')).toBe(4); // GTIN-8 96385074
    expect(gtinCheckDigit('10614141123456789')).toBe(7); // SSCC 106141411234567897
    expect(hasValidGs1CheckDigit('106141411234567897')).toBe(true);
    expect(hasValidGs1CheckDigit('106141411234567890')).toBe(false);
    expect(hasValidGs1CheckDigit('7')).toBe(false);
  });

  test('[GT2] valid GTINs have 8/12/13/14 digits and a matching check digit', () => {
    expect(isValidGtin('4006381333931')).toBe(true);
    expect(isValidGtin('036000291452')).toBe(true);
    expect(isValidGtin('96385074')).toBe(true);
    expect(isValidGtin('09521234543213')).toBe(true);
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('40063813339')).toBe(false);
    expect(isValidGtin('40063813339a')).toBe(false);
    expect(isValidGtin('')).toBe(false);
  });

  test('[GT3] UPC-A, GTIN-13 and GTIN-14 forms of one product compare equal', () => {
    expect(normalizeGtin('036000291452')).toBe('00036000291452');
    expect(sameGtin('036000291452', '0036000291452')).toBe(true);
    expect(sameGtin('036000291452', '4006381333931')).toBe(false);
    expect(sameGtin('bad', 'bad')).toBe(false);
  });

  test('[GT4] parseGtin gives the 14-digit form, or why the text is no GTIN', () => {
    expect(parseGtin('036000291452')).toEqual({ ok: true, value: { gtin: '00036000291452', format: 'gtin_12' } });
    expect(parseGtin('96385074')).toEqual({ ok: true, value: { gtin: '00000096385074', format: 'gtin_8' } });
    const code = (text: string) => {
      const r = parseGtin(text);
      return r.ok ? null : [r.error.code, r.error.position];
    };
    expect(code('4006381333932')).toEqual(['bad_check_digit', 12]);
    expect(code('40063813339')).toEqual(['wrong_length', undefined]);
    expect(code('4006381x33931')).toEqual(['invalid_characters', 7]);
    expect(code('')).toEqual(['empty', undefined]);
  });
});
