import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LABEL_ERROR_CODES, formatOrderLabel, formatToteLabel, parseOrderLabel, parseToteLabel } from '../../src/barcode/aisle-labels.ts';
import { mod3736CheckCharacter } from '../../src/barcode/check-character.ts';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const order = (text: string) => {
  const r = parseOrderLabel(text);
  return r.ok ? r.value.orderNumber : [r.error.code, r.error.position];
};

/** Order numbers and tote ids as LabelPayload allows them. */
const payload = fc
  .array(fc.string({ unit: fc.constantFrom(...ALPHANUMERIC), minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 })
  .map((groups) => groups.join('-'))
  .filter((p) => p.length <= 20);

describe('Aisle order and tote labels', () => {
  test('[AL1] "A", kind letter, ":", payload, ":", check character', () => {
    expect(formatOrderLabel('A-1001')).toBe('AO:A-1001:1');
    expect(formatToteLabel('T042')).toBe('AT:T042:9');
    expect(order('AO:A-1001:1')).toBe('A-1001');
    expect(parseToteLabel('AT:T042:9')).toEqual({ ok: true, value: { toteId: 'T042' } });
    // Kinds are not interchangeable.
    expect(order('AT:T042:9')).toEqual(['wrong_label_kind', 0]);
    expect(parseToteLabel('AO:A-1001:1').ok).toBe(false);
    // What the server could never print is a bug at the call site.
    for (const bad of ['a-1001', 'A--1', '-A', 'A 1', '', 'X'.repeat(21)]) expect(() => formatOrderLabel(bad)).toThrow(RangeError);
    expect(() => formatToteLabel('T:1')).toThrow(RangeError);
  });

  test('[AL2] ISO 7064 MOD 37,36 check character catches every single wrong character', () => {
    expect(mod3736CheckCharacter('A12425GABC1234002')).toBe('M'); // published GRid example A1-2425G-ABC1234002-M
    const label = formatOrderLabel('B7-20931');
    const positions = [...Array(label.length).keys()].filter((i) => /[0-9A-Z]/.test(label.charAt(i)));
    const accepted: string[] = [];
    for (const i of positions) {
      for (const char of ALPHANUMERIC) {
        if (char === label.charAt(i)) continue;
        const misread = `${label.slice(0, i)}${char}${label.slice(i + 1)}`;
        if (parseOrderLabel(misread).ok || parseToteLabel(misread).ok) accepted.push(misread);
      }
    }
    expect(accepted).toEqual([]);
    expect(order('AO:A-1001:2')).toEqual(['bad_check_character', 10]);
  });

  test('[AL3] read case-insensitively (a wedge scanner with Caps Lock on sends lower case)', () => {
    expect(order('ao:a-1001:1')).toBe('A-1001');
    expect(order('Ao:A-1001:1')).toBe('A-1001');
  });

  test('[AL4] format and parse round-trip, and malformed labels say why', () => {
    fc.assert(
      fc.property(payload, (p) => {
        expect(parseOrderLabel(formatOrderLabel(p))).toEqual({ ok: true, value: { orderNumber: p } });
        expect(parseToteLabel(formatToteLabel(p))).toEqual({ ok: true, value: { toteId: p } });
      }),
    );
    expect(order('')).toEqual(['empty', undefined]);
    expect(order('AO:A-1001')).toEqual(['truncated', 9]); // check character missing
    expect(order('AO::1')).toEqual(['truncated', 5]);
    expect(order('AO:A_1001:1')).toEqual(['invalid_characters', 4]);
    expect(order('AO:A--1001:1')).toEqual(['invalid_characters', 3]);
    expect(order(`AO:${'A'.repeat(21)}:1`)).toEqual(['too_long', 23]);
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const r = parseOrderLabel(`AO:${text}`);
        if (!r.ok) expect(LABEL_ERROR_CODES).toContain(r.error.code);
      }),
    );
  });
});
