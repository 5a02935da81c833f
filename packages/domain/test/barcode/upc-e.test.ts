import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compressUpcA, expandUpcE, isValidUpcE } from '../../src/barcode/upc-e.ts';
import { gtinCheckDigit, isValidGtin } from '../../src/barcode/gtin.ts';

const expanded = (code: string) => {
  const r = expandUpcE(code);
  return r.ok ? r.value : r.error.code;
};

describe('UPC-E', () => {
  test('[GT5] expands by its last data digit, for every digit 0–9, carrying the check digit', () => {
    // Expected UPC-A bodies derived by hand from the rule table; check digits computed separately.
    const cases: [string, string][] = [
      ['01234505', '012000003455'], // 0–2: N d1 d2 d6 0000 d3 d4 d5
      ['01234514', '012100003454'],
      ['01234523', '012200003453'],
      ['01234531', '012300000451'], // 3: N d1 d2 d3 00000 d4 d5
      ['01234543', '012340000053'], // 4: N d1 d2 d3 d4 00000 d5
      ['01234558', '012345000058'], // 5–9: N d1 d2 d3 d4 d5 0000 d6
      ['01234565', '012345000065'],
      ['01234572', '012345000072'],
      ['01234589', '012345000089'],
      ['01234596', '012345000096'],
      ['11234579', '112345000079'], // number system 1
      ['04252614', '042100005264'], // the classic example, 0425261 → 042100005264
    ];
    for (const [upcE, upcA] of cases) {
      expect(expanded(upcE)).toBe(upcA);
      expect(isValidGtin(upcA)).toBe(true);
      expect(upcE.at(-1)).toBe(upcA.at(-1));
    }
  });

  test('[GT6] 8 digits are checked; 7 digits are number system + data; 6 digits are data with number system 0', () => {
    expect(expanded('0425261')).toBe('042100005264');
    expect(expanded('425261')).toBe('042100005264');
    expect(expanded('1123457')).toBe('112345000079');
    expect(isValidUpcE('04252614')).toBe(true);
    expect(isValidUpcE('0425261')).toBe(false);
    expect(expanded('04252615')).toBe('bad_check_digit');
    expect(expanded('24252614')).toBe('invalid_number_system');
    expect(expanded('2425261')).toBe('invalid_number_system');
    expect(expanded('42526')).toBe('wrong_length');
    expect(expanded('042526140')).toBe('wrong_length');
    expect(expanded('04252a14')).toBe('invalid_characters');
    expect(expanded('')).toBe('empty');
    const bad = expandUpcE('04252615');
    expect(bad.ok ? null : bad.error.position).toBe(7);
  });

  test('[GT7] a UPC-A compresses to its canonical UPC-E, and expanding gives the UPC-A back', () => {
    expect(compressUpcA('042100005264')).toBe('04252614');
    expect(compressUpcA('012345000065')).toBe('01234565');
    expect(compressUpcA('036000291452')).toBeNull(); // no run of zeros UPC-E can drop
    expect(compressUpcA('212345000065')).toBeNull(); // number system 2 has no UPC-E
    expect(compressUpcA('042100005265')).toBeNull(); // wrong check digit
    // Non-canonical: d6 = 3 with d3 = 0 expands like d6 = 0; compressing picks the 0–2 rule.
    expect(expanded('0120453')).toBe('012000000454');
    expect(expanded('0120450')).toBe('012000000454');
    expect(compressUpcA('012000000454')).toBe('01204504');

    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    fc.assert(
      fc.property(fc.constantFrom('0', '1'), digits(6), (ns, data) => {
        const upcA = expanded(`${ns}${data}`);
        const upcE = compressUpcA(upcA);
        expect(upcE).not.toBeNull();
        expect(expanded(upcE ?? '')).toBe(upcA);
      }),
    );
    // And from the UPC-A side: whatever compresses expands back to the same UPC-A.
    const zeroHeavy = fc.array(fc.constantFrom('0', '0', '0', '0', '3', '5', '9'), { minLength: 10, maxLength: 10 }).map((d) => d.join(''));
    fc.assert(
      fc.property(fc.constantFrom('0', '1'), zeroHeavy, (ns, rest) => {
        const body = `${ns}${rest}`;
        const upcA = `${body}${gtinCheckDigit(body)}`;
        const upcE = compressUpcA(upcA);
        if (upcE !== null) expect(expanded(upcE)).toBe(upcA);
        else expect(upcA.slice(1, 11)).not.toMatch(/^\d\d[012]0000\d{3}$/); // the 0–2 rule would have applied
      }),
    );
  });
});
