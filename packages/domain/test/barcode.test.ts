import { describe, expect, test } from 'vitest';
import { gtinCheckDigit, isValidGtin, normalizeGtin, sameGtin } from '../src/index.ts';

describe('GTIN', () => {
  test('[GT1] check digit by the GS1 mod-10 algorithm', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('501234567890')).toBe(0);
    expect(gtinCheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit('9638507')).toBe(4); // GTIN-8 96385074
  });

  test('[GT2] valid GTINs have 8/12/13/14 digits and a matching check digit', () => {
    expect(isValidGtin('4006381333931')).toBe(true);
    expect(isValidGtin('036000291452')).toBe(true);
    expect(isValidGtin('96385074')).toBe(true);
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
});
