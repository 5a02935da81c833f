import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { GS1_APPLICATION_IDENTIFIERS } from '../../src/barcode/gs1-application-identifiers.ts';
import { resolveGs1Year } from '../../src/barcode/gs1-date.ts';
import {
  GS,
  GS1_ERROR_CODES,
  formatGs1Bracketed,
  formatGs1Raw,
  parseGs1ElementString,
  type Gs1ElementString,
} from '../../src/barcode/gs1-element-string.ts';
import { gtinCheckDigit } from '../../src/barcode/gtin.ts';

const options = { referenceDate: '2026-11-27' };
const parse = (text: string, referenceDate = options.referenceDate) => parseGs1ElementString(text, { referenceDate });

function parsed(text: string, referenceDate?: string): Gs1ElementString {
  const r = parse(text, referenceDate);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function refusal(text: string): [string, number | undefined] | null {
  const r = parse(text);
  return r.ok ? null : [r.error.code, r.error.position];
}

// GTIN 09521234543213 and SSCC 106141411234567897: check digits verified in [GT1].
const GTIN = '09521234543213';
const SSCC = '106141411234567897';

describe('GS1 element strings', () => {
  test('[GS1] a GS1 symbology identifier, the bracketed form, or raw data with a leading <GS>', () => {
    const expected = { gtin: GTIN, expiryDate: '2026-12-31', batchLot: 'ABC123' };
    const forms: [string, string | null, 'raw' | 'bracketed'][] = [
      [`]C101${GTIN}1726123110ABC123`, 'gs1_128', 'raw'],
      [`]d201${GTIN}1726123110ABC123`, 'gs1_datamatrix', 'raw'],
      [`]Q301${GTIN}1726123110ABC123`, 'gs1_qr', 'raw'],
      [`]e001${GTIN}1726123110ABC123`, 'gs1_databar', 'raw'],
      [`(01)${GTIN}(17)261231(10)ABC123`, null, 'bracketed'],
      [`${GS}01${GTIN}1726123110ABC123`, null, 'raw'],
      [`01${GTIN}1726123110ABC123`, null, 'raw'],
    ];
    for (const [text, symbology, form] of forms) {
      const es = parsed(text);
      expect(es.symbology).toBe(symbology);
      expect(es.form).toBe(form);
      expect(es.fields).toEqual(expected);
      expect(es.elements.map((e) => e.ai)).toEqual(['01', '17', '10']);
    }
  });

  test('[GS2] predefined-length AIs need no separator; a superfluous one is tolerated; 422 needs one', () => {
    expect(parsed(`]C100${SSCC}01${GTIN}3103000125`).elements.map((e) => e.ai)).toEqual(['00', '01', '3103']);
    expect(parsed(`]C101${GTIN}${GS}17261231`).fields).toEqual({ gtin: GTIN, expiryDate: '2026-12-31' });
    expect(parsed(`]C1422250${GS}10LOT`).elements.map((e) => [e.ai, e.raw])).toEqual([['422', '250'], ['10', 'LOT']]);
    expect(refusal(']C142225010LOT')).toEqual(['too_long', 9]);
    expect(parsed(']C1422250').elements).toHaveLength(1);
  });

  test('[GS3] variable-length data ends at <GS> or the end; too long or empty is refused', () => {
    const es = parsed(`]C110ABC${GS}21SN42${GS}01${GTIN}`);
    expect(es.fields).toEqual({ batchLot: 'ABC', serial: 'SN42', gtin: GTIN });
    expect(parsed(`]C110ABC${GS}`).fields).toEqual({ batchLot: 'ABC' }); // a trailing separator is harmless
    // A forgotten separator makes the lot swallow what follows.
    expect(refusal(`]C110ABCDEFGHIJKLMNOPQRST21SN`)).toEqual(['too_long', 25]);
    expect(parsed(`]C110${'L'.repeat(20)}`).fields.batchLot).toHaveLength(20);
    expect(refusal(`]C121${'S'.repeat(21)}`)).toEqual(['too_long', 25]);
    expect(refusal(`]C130123456789${GS}`)).toEqual(['too_long', 13]);
    expect(refusal(']C110')).toEqual(['truncated', 5]);
    expect(refusal(`]C110${GS}21X`)).toEqual(['stray_separator', 5]);
    expect(refusal('(10)(21)X')).toEqual(['truncated', 4]);
    expect(refusal(`(10)${'L'.repeat(21)}`)).toEqual(['too_long', 24]);
  });

  test('[GS4] SSCC, GTIN and GLN check digits are verified', () => {
    expect(parsed(`]C100${SSCC}`).fields.sscc).toBe(SSCC);
    expect(parsed(`(02)${GTIN}(37)12`).fields).toEqual({ contentGtin: GTIN, count: 12 });
    expect(parsed('(414)0614141000012').elements[0]).toMatchObject({ kind: 'gln', value: '0614141000012' });
    expect(refusal(`]C100106141411234567890`)).toEqual(['bad_check_digit', 22]);
    expect(refusal(`]C10109521234543214`)).toEqual(['bad_check_digit', 18]);
    expect(refusal(`(01)09521234543214`)).toEqual(['bad_check_digit', 17]);
    expect(refusal('(414)0614141000013')).toEqual(['bad_check_digit', 17]);
  });

  test('[GS5] YYMMDD dates: sliding-window century, DD = 00 is the month end, impossible dates refused', () => {
    const expiry = (yymmdd: string, referenceDate?: string) => parsed(`(17)${yymmdd}`, referenceDate).elements[0];
    expect(expiry('261231')).toMatchObject({ kind: 'expiry_date', date: '2026-12-31', dayOmitted: false });
    expect(expiry('260200')).toMatchObject({ date: '2026-02-28', dayOmitted: true });
    expect(expiry('280200')).toMatchObject({ date: '2028-02-29', dayOmitted: true });
    expect(expiry('281100')).toMatchObject({ date: '2028-11-30' });
    // Window: 49 years back, 50 ahead of the reference year.
    expect(expiry('760101')).toMatchObject({ date: '2076-01-01' });
    expect(expiry('770101')).toMatchObject({ date: '1977-01-01' });
    expect(expiry('000101', '2099-06-01')).toMatchObject({ date: '2100-01-01' });
    expect(expiry('990101', '2001-06-01')).toMatchObject({ date: '1999-01-01' });
    expect(expiry('000229', '2026-01-01')).toMatchObject({ date: '2000-02-29' }); // 2000 was a leap year
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1000, max: 8999 }), (yy, reference) => {
        const year = resolveGs1Year(yy, reference);
        expect(year % 100).toBe(yy);
        expect(year).toBeGreaterThanOrEqual(reference - 49);
        expect(year).toBeLessThanOrEqual(reference + 50);
      }),
    );
    for (const [field, dateAi] of [['productionDate', '11'], ['packagingDate', '13'], ['bestBeforeDate', '15'], ['sellByDate', '16']] as const) {
      expect(parsed(`(${dateAi})270315`).fields[field]).toBe('2027-03-15');
    }
    expect(refusal('(17)261300')).toEqual(['invalid_date', 6]);
    expect(refusal('(17)260000')).toEqual(['invalid_date', 6]);
    expect(refusal('(17)270229')).toEqual(['invalid_date', 8]);
    expect(refusal('(17)260431')).toEqual(['invalid_date', 8]);
    expect(refusal(`]C101${GTIN}17261332`)).toEqual(['invalid_date', 23]);
    expect(() => parseGs1ElementString('(17)261231', { referenceDate: 'yesterday' })).toThrow(RangeError);
  });

  test('[GS6] trade measures keep unit and value exactly: integer amount plus decimals', () => {
    const es = parsed(`]C101${GTIN}3103000125`);
    expect(es.fields.netWeightKg).toEqual({ amount: 125, decimals: 3, text: '0.125' });
    expect(es.elements[1]).toMatchObject({ ai: '3103', kind: 'trade_measure', quantity: 'net_weight', unit: 'kg' });
    const all = parsed('(3100)000042(3115)123456(3122)001500(3134)000001(3141)100000(3155)999999(3160)000000');
    expect(all.fields).toEqual({
      netWeightKg: { amount: 42, decimals: 0, text: '42' },
      lengthM: { amount: 123456, decimals: 5, text: '1.23456' },
      widthM: { amount: 1500, decimals: 2, text: '15.00' },
      depthM: { amount: 1, decimals: 4, text: '0.0001' },
      areaM2: { amount: 100000, decimals: 1, text: '10000.0' },
      netVolumeL: { amount: 999999, decimals: 5, text: '9.99999' },
      netVolumeM3: { amount: 0, decimals: 0, text: '0' },
    });
    expect(refusal('(3106)000125')).toEqual(['unknown_ai', 1]);
    expect(refusal('(3103)00012')).toEqual(['truncated', 11]);
    expect(refusal('(3103)00012X')).toEqual(['invalid_characters', 11]);
  });

  test('[GS7] counts 30 and 37 are 1–8 digits read as integers', () => {
    expect(parsed(`]C13012345678${GS}37007`).fields).toEqual({ variableCount: 12345678, count: 7 });
    expect(refusal(']C130123456789')).toEqual(['too_long', 13]);
    expect(refusal(']C1301X')).toEqual(['invalid_characters', 6]);
  });

  test('[GS8] numeric AIs take digits, alphanumeric ones GS1 character set 82', () => {
    expect(parsed(`]C110AB-12/x.(7)`).fields.batchLot).toBe('AB-12/x.(7)');
    expect(refusal(']C110AB 12')).toEqual(['invalid_characters', 7]);
    expect(refusal(']C110ABC#')).toEqual(['invalid_characters', 8]);
    expect(refusal(']C121é')).toEqual(['invalid_characters', 5]);
    expect(refusal(']C1010952123454321X')).toEqual(['invalid_characters', 18]);
    expect(refusal(`(01)0952123454321${GS}`)).toEqual(['stray_separator', 17]);
  });

  test('[GS9] unknown AIs, cut-off strings and stray separators are refused with a position', () => {
    expect(refusal(`]C101${GTIN}99`)).toEqual(['truncated', 21]); // AI 99 with no data
    expect(refusal(`]C101${GTIN}31`)).toEqual(['truncated', 19]); // ends inside an AI (310n …)
    expect(refusal(`]C101${GTIN}8899`)).toEqual(['unknown_ai', 19]);
    expect(refusal(`]C104${GTIN}`)).toEqual(['unknown_ai', 3]);
    expect(refusal('(04)123')).toEqual(['unknown_ai', 1]);
    expect(refusal(']C1ABC')).toEqual(['unknown_ai', 3]);
    expect(refusal(`]C10109521234`)).toEqual(['truncated', 13]);
    expect(refusal(`]C1010952123${GS}4543213`)).toEqual(['truncated', 12]);
    expect(refusal('(01)0952123454321')).toEqual(['truncated', 17]);
    expect(refusal('(01)095212345432130')).toEqual(['too_long', 18]);
    expect(refusal('(0109521234543213')).toEqual(['truncated', 0]);
    expect(refusal(`]C1${GS}01${GTIN}`)).toEqual(['stray_separator', 3]);
    expect(refusal(`]C101${GTIN}${GS}${GS}10A`)).toEqual(['stray_separator', 20]);
    expect(refusal(`]C110A${GS}${GS}`)).toEqual(['stray_separator', 7]);
    expect(refusal(']C1')).toEqual(['empty', 3]);
    expect(refusal('')).toEqual(['empty', 0]);
    // The table is prefix-free, so the AI at a position is never ambiguous.
    const ais = [...GS1_APPLICATION_IDENTIFIERS.keys()];
    expect(ais.flatMap((a) => ais.filter((b) => b !== a && b.startsWith(a)).map((b) => `${a} < ${b}`))).toEqual([]);
    const measureMismatch = [...GS1_APPLICATION_IDENTIFIERS.values()].filter((d) => (d.kind === 'trade_measure') !== (d.measure !== null));
    expect(measureMismatch).toEqual([]);
  });

  test('[GS10] one AI, one value: identical repeats are dropped, contradictions refused', () => {
    expect(parsed(`(01)${GTIN}(10)A(01)${GTIN}`).elements.map((e) => e.ai)).toEqual(['01', '10']);
    expect(refusal(`(01)${GTIN}(01)00036000291452`)).toEqual(['duplicate_ai', 18]);
    expect(refusal(`]C13103000125${GS}3102000012`)).toEqual(['duplicate_ai', 14]);
    expect(parsed('(3103)000125(3153)000500').elements).toHaveLength(2); // weight and volume are different measures
  });

  test('[GS11] never throws: any text gives a value or a coded error inside the text', () => {
    const gs1ish = fc.string({ unit: fc.constantFrom('0', '1', '3', '7', '9', '(', ')', ']', 'C', 'd', 'Q', 'e', GS, 'A', '-', ' '), maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), gs1ish, gs1ish.map((s) => `]C101${GTIN}${s}`)), (text) => {
        const r = parse(text);
        if (!r.ok) {
          expect(GS1_ERROR_CODES).toContain(r.error.code);
          expect(r.error.message.length).toBeGreaterThan(0);
          expect(r.error.position).toBeGreaterThanOrEqual(0);
          expect(r.error.position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('[GS12] bracketed and raw forms written by Aisle parse back to the same elements', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const withCheck = (n: number) => digits(n - 1).map((body) => `${body}${gtinCheckDigit(body)}`);
    // Bracketed data cannot hold "(": the next AI would start there.
    const text = (max: number) => fc.string({ unit: fc.constantFrom('A', 'z', '0', '9', '-', '/', '.', '%', ')', '"', '_'), minLength: 1, maxLength: max });
    const yymmdd = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 28 }))
      .map((parts) => parts.map((n) => String(n).padStart(2, '0')).join(''));
    const element = fc.oneof(
      withCheck(18).map((raw) => ({ ai: '00', raw })),
      withCheck(14).map((raw) => ({ ai: '01', raw })),
      text(20).map((raw) => ({ ai: '10', raw })),
      yymmdd.map((raw) => ({ ai: '17', raw })),
      text(20).map((raw) => ({ ai: '21', raw })),
      fc.integer({ min: 1, max: 8 }).chain((n) => digits(n)).map((raw) => ({ ai: '30', raw })),
      fc.tuple(fc.integer({ min: 0, max: 5 }), digits(6)).map(([x, raw]) => ({ ai: `310${x}`, raw })),
      digits(3).map((raw) => ({ ai: '422', raw })),
      text(90).map((raw) => ({ ai: '91', raw })),
    );
    const elements = fc.uniqueArray(element, { minLength: 1, maxLength: 6, selector: (e) => e.ai.slice(0, 3) });
    fc.assert(
      fc.property(elements, (list) => {
        const fromRaw = parsed(`]C1${formatGs1Raw(list)}`);
        const fromBrackets = parsed(formatGs1Bracketed(list));
        expect(fromRaw.elements.map((e) => ({ ai: e.ai, raw: e.raw }))).toEqual(list);
        expect(fromBrackets.elements).toEqual(fromRaw.elements);
        expect(formatGs1Bracketed(fromRaw.elements)).toBe(formatGs1Bracketed(list));
      }),
    );
    expect(formatGs1Raw([{ ai: '01', raw: GTIN }, { ai: '10', raw: 'A' }, { ai: '17', raw: '261231' }])).toBe(`01${GTIN}10A${GS}17261231`);
  });
});
