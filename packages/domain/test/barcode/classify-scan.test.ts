import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatOrderLabel, formatToteLabel } from '../../src/barcode/aisle-labels.ts';
import { classifyScan, type ScanClassification } from '../../src/barcode/classify-scan.ts';
import { GS } from '../../src/barcode/gs1-element-string.ts';
import { gtinCheckDigit } from '../../src/barcode/gtin.ts';
import { formatPickupLabel, pickupCodeFromNumber } from '../../src/barcode/pickup-code.ts';
import { cleanScanText } from '../../src/barcode/scan-text.ts';

const options = { referenceDate: '2026-11-27T11:00:00.000Z' };
const classify = (text: string) => classifyScan(text, options);
const GTIN = '09521234543213';

function reason(scan: ScanClassification): [string, number | undefined] | null {
  return scan.kind === 'unknown' ? [scan.reason.code, scan.reason.position] : null;
}

describe('classifyScan', () => {
  test('[SC1] keyboard-wedge noise around the scan is stripped; a leading <GS> stays', () => {
    expect(cleanScanText('4006381333931\r\n')).toBe('4006381333931');
    expect(cleanScanText('\t 4006381333931\t')).toBe('4006381333931');
    expect(cleanScanText('\u00024006381333931\u0003')).toBe('4006381333931');
    expect(cleanScanText('\ufeff4006381333931\u00a0')).toBe('4006381333931');
    expect(cleanScanText(`]C110ABC${GS}\r`)).toBe(']C110ABC');
    expect(cleanScanText(`${GS}01${GTIN}\n`)).toBe(`${GS}01${GTIN}`);
    expect(cleanScanText('\r\n\t')).toBe('');
    expect(classify('4006381333931\r\n')).toMatchObject({ kind: 'gtin', text: '4006381333931', gtin: '04006381333931' });
    expect(classify(`]C101${GTIN}10LOT7${GS}\r\n`)).toMatchObject({ kind: 'gs1', fields: { gtin: GTIN, batchLot: 'LOT7' } });
  });

  test('[SC2] each kind is recognised by its shape, AIM identifiers included', () => {
    const pickup = pickupCodeFromNumber(42);
    const cases: [string, Partial<ScanClassification>][] = [
      ['036000291452', { kind: 'gtin', gtin: '00036000291452', scannedAs: 'gtin_12' } as Partial<ScanClassification>],
      [']E00036000291452', { kind: 'gtin', gtin: '00036000291452', scannedAs: 'gtin_13' } as Partial<ScanClassification>],
      [`]I1${GTIN}`, { kind: 'gtin', gtin: GTIN, scannedAs: 'gtin_14' } as Partial<ScanClassification>],
      [`]C101${GTIN}17261231`, { kind: 'gs1', symbology: 'gs1_128' }],
      [`]d201${GTIN}21SN1`, { kind: 'gs1', symbology: 'gs1_datamatrix' }],
      [`]Q301${GTIN}`, { kind: 'gs1', symbology: 'gs1_qr' }],
      [`]e001${GTIN}3103000125`, { kind: 'gs1', symbology: 'gs1_databar' }],
      [`(01)${GTIN}(17)261231(10)ABC`, { kind: 'gs1', form: 'bracketed' }],
      [`01${GTIN}17261231`, { kind: 'gs1', symbology: null, form: 'raw' }], // scanner without AIM identifiers
      [`]C001${GTIN}17261231`, { kind: 'gs1', symbology: null }], // plain Code 128 that holds GS1 data
      ['00106141411234567897', { kind: 'gs1', fields: { sscc: '106141411234567897' } }],
      [formatOrderLabel('A-1001'), { kind: 'aisle_order', orderNumber: 'A-1001' } as Partial<ScanClassification>],
      [`]Q1${formatOrderLabel('A-1001')}`, { kind: 'aisle_order', orderNumber: 'A-1001' } as Partial<ScanClassification>],
      [formatToteLabel('T042'), { kind: 'aisle_tote', toteId: 'T042' } as Partial<ScanClassification>],
      [formatPickupLabel(pickup), { kind: 'aisle_pickup', pickupCode: pickup } as Partial<ScanClassification>],
      ['MUG-01', { kind: 'unknown' }],
    ];
    for (const [text, expected] of cases) expect(classify(text), text).toMatchObject(expected);
  });

  test('[SC3] GTINs come out as 14 digits; eight digits valid both ways read as UPC-E with the GTIN-8 as alternative', () => {
    expect(classify('96385074')).toEqual({ kind: 'gtin', text: '96385074', gtin: '00000096385074', scannedAs: 'gtin_8' });
    expect(classify('04252614')).toEqual({ kind: 'gtin', text: '04252614', gtin: '00042100005264', scannedAs: 'upc_e' });
    // With a last data digit of 5–9, UPC-E and GTIN-8 weigh the digits alike: the check digit fits both.
    expect(classify('01234565')).toEqual({
      kind: 'gtin',
      text: '01234565',
      gtin: '00012345000065',
      scannedAs: 'upc_e',
      alternative: { gtin: '00000001234565', scannedAs: 'gtin_8' },
    });
    expect(classify(']E401234565')).toMatchObject({ kind: 'gtin', gtin: '00000001234565', scannedAs: 'gtin_8' });
    expect(classify(']E401234565')).not.toHaveProperty('alternative');
    // Every 13-digit GTIN of the same product normalises alike.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }), (digits) => {
        const body = digits.join('');
        const ean13 = `${body}${gtinCheckDigit(body)}`;
        const scan = classify(`${ean13}\r`);
        expect(scan).toMatchObject({ kind: 'gtin', gtin: `0${ean13}` });
        expect(classify(`0${ean13}`)).toMatchObject({ kind: 'gtin', gtin: `0${ean13}` });
      }),
    );
  });

  test('[SC4] the shape of a kind with a failed check is unknown with that reason, positions in the cleaned text', () => {
    expect(reason(classify('4006381333932'))).toEqual(['bad_check_digit', 12]);
    expect(reason(classify('01234567'))).toEqual(['bad_check_digit', 7]);
    expect(reason(classify('  4006381333932\r\n'))).toEqual(['bad_check_digit', 12]);
    expect(reason(classify(`]C101${GTIN.slice(0, -1)}4`))).toEqual(['bad_check_digit', 18]);
    expect(reason(classify(`]C001${GTIN.slice(0, -1)}4`))).toEqual(['bad_check_digit', 18]);
    expect(reason(classify(`]C101${GTIN}17261301`))).toEqual(['invalid_date', 23]);
    expect(reason(classify(`]C101${GTIN}8899`))).toEqual(['unknown_ai', 19]);
    expect(reason(classify(`]C1${GS}01${GTIN}`))).toEqual(['stray_separator', 3]);
    expect(reason(classify(`]C10109521234`))).toEqual(['truncated', 13]);
    expect(reason(classify('(17)261300'))).toEqual(['invalid_date', 6]);
    expect(reason(classify('AO:A-1001:2'))).toEqual(['bad_check_character', 10]);
    expect(reason(classify(']Q1AO:A-1001:2'))).toEqual(['bad_check_character', 13]);
    expect(reason(classify('AP:447G-V4JX'))).toEqual(['bad_check_character', 11]);
    expect(reason(classify('MUG-01'))).toEqual(['unrecognised', undefined]);
    expect(reason(classify('12345'))).toEqual(['unrecognised', undefined]);
    expect(reason(classify('\r\n'))).toEqual(['empty', undefined]);
    expect(reason(classify(']C0'))).toEqual(['empty', undefined]);
  });

  test('[SC5] never throws: every text gets a kind, and error positions fall inside the cleaned text', () => {
    const kinds = ['gtin', 'gs1', 'aisle_order', 'aisle_tote', 'aisle_pickup', 'unknown'];
    const scannerish = fc.string({ unit: fc.constantFrom('0', '1', '4', '9', ']', 'C', 'E', 'Q', 'd', 'e', '(', ')', 'A', 'O', 'P', 'T', ':', '-', GS, '\r', '\n', '\t', ' '), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 50 }), scannerish), (text) => {
        const scan = classify(text);
        expect(kinds).toContain(scan.kind);
        expect(scan.text).toBe(cleanScanText(text));
        if (scan.kind === 'unknown' && scan.reason.position !== undefined) {
          expect(scan.reason.position).toBeGreaterThanOrEqual(0);
          expect(scan.reason.position).toBeLessThanOrEqual(scan.text.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
