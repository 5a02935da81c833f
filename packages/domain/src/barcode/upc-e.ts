import { err, ok, type Result } from '../result.ts';
import { barcodeError, type BarcodeError } from './barcode-error.ts';
import { gtinCheckDigit, type Gtin } from './gtin.ts';

/**
 * UPC-E is a UPC-A with zeros squeezed out. Its last data digit says where
 * they were (GT5), for number system 0 or 1:
 *
 *   UPC-E  N d1 d2 d3 d4 d5 d6 C        UPC-A (N, 5-digit manufacturer, 5-digit product, C)
 *   d6 0–2                              N d1 d2 d6 0 0   0 0 d3 d4 d5   C
 *   d6 3                                N d1 d2 d3 0 0   0 0 0 d4 d5    C
 *   d6 4                                N d1 d2 d3 d4 0  0 0 0 0 d5     C
 *   d6 5–9                              N d1 d2 d3 d4 d5 0 0 0 0 d6     C
 *
 * The check digit is the UPC-A's own, computed over the expanded form.
 */

export type UpcEErrorCode = 'empty' | 'invalid_characters' | 'wrong_length' | 'invalid_number_system' | 'bad_check_digit';
export type UpcEError = BarcodeError<UpcEErrorCode>;

function expandBody(numberSystem: string, d: string): string {
  const [d1, d2, d3, d4, d5, d6] = d;
  switch (d6) {
    case '0':
    case '1':
    case '2':
      return `${numberSystem}${d1}${d2}${d6}0000${d3}${d4}${d5}`;
    case '3':
      return `${numberSystem}${d1}${d2}${d3}00000${d4}${d5}`;
    case '4':
      return `${numberSystem}${d1}${d2}${d3}${d4}00000${d5}`;
    default:
      return `${numberSystem}${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  }
}

/**
 * GT5/GT6: UPC-E → UPC-A (12 digits). Scanners send UPC-E as 8 digits
 * (number system, six data digits, check digit), which is verified; 7 digits
 * are read as number system + six data digits and 6 digits as the data digits
 * with number system 0 — those two carry no check digit, so it is computed.
 */
export function expandUpcE(code: string): Result<Gtin, UpcEError> {
  if (code === '') return err(barcodeError('empty', 'nothing was scanned'));
  const bad = code.search(/\D/);
  if (bad >= 0) return err(barcodeError('invalid_characters', `UPC-E is digits only, found ${JSON.stringify(code.charAt(bad))}`, bad));
  if (code.length < 6 || code.length > 8) {
    return err(barcodeError('wrong_length', `UPC-E has 6, 7 or 8 digits, this has ${code.length}`));
  }
  const numberSystem = code.length === 6 ? '0' : code.charAt(0);
  if (numberSystem !== '0' && numberSystem !== '1') {
    return err(barcodeError('invalid_number_system', `UPC-E number system is 0 or 1, not ${numberSystem}`, 0));
  }
  const data = code.length === 6 ? code : code.slice(1, 7);
  const body = expandBody(numberSystem, data);
  const check = gtinCheckDigit(body);
  if (code.length === 8 && code.charCodeAt(7) - 48 !== check) {
    return err(barcodeError('bad_check_digit', `check digit is ${code.charAt(7)}, should be ${check}`, 7));
  }
  return ok(`${body}${check}` as Gtin);
}

/** An 8-digit UPC-E with number system 0 or 1 and the check digit of its expansion. */
export function isValidUpcE(code: string): boolean {
  return code.length === 8 && expandUpcE(code).ok;
}

/**
 * GT7: UPC-A → 8-digit UPC-E when the zeros sit where UPC-E can drop them, or
 * null. Of the UPC-E forms that expand to the same UPC-A, the rules are tried
 * in table order, so the result is the canonical one.
 */
export function compressUpcA(upcA: string): string | null {
  if (!/^[01]\d{11}$/.test(upcA) || gtinCheckDigit(upcA.slice(0, 11)) !== upcA.charCodeAt(11) - 48) return null;
  const n = upcA.charAt(0);
  const m = upcA.slice(1, 6);
  const p = upcA.slice(6, 11);
  const c = upcA.charAt(11);
  const at = (s: string, i: number) => s.charAt(i);
  let data: string | null = null;
  if ('012'.includes(at(m, 2)) && m.endsWith('00') && p.startsWith('00')) data = `${m.slice(0, 2)}${p.slice(2)}${at(m, 2)}`;
  else if (m.endsWith('00') && p.startsWith('000')) data = `${m.slice(0, 3)}${p.slice(3)}3`;
  else if (m.endsWith('0') && p.startsWith('0000')) data = `${m.slice(0, 4)}${at(p, 4)}4`;
  else if (p.startsWith('0000') && at(p, 4) >= '5') data = `${m}${at(p, 4)}`;
  return data === null ? null : `${n}${data}${c}`;
}
