import type { Result } from '../result.ts';
import { parseOrderLabel, parseToteLabel, type LabelErrorCode } from './aisle-labels.ts';
import { barcodeError, type BarcodeError } from './barcode-error.ts';
import {
  GS,
  gs1SymbologyOf,
  parseGs1ElementString,
  type Gs1ElementString,
  type Gs1Error,
  type Gs1ErrorCode,
} from './gs1-element-string.ts';
import { isValidGtin, parseGtin, type Gtin, type GtinErrorCode, type GtinFormat } from './gtin.ts';
import { parsePickupCode, type PickupCode } from './pickup-code.ts';
import { cleanScanText } from './scan-text.ts';
import { expandUpcE, type UpcEErrorCode } from './upc-e.ts';

/**
 * The one entry point for every scan on a device (SC rules). Recognition
 * order, first match wins:
 *
 *   clean the wedge noise (SC1)
 *   ]C1 ]d2 ]Q3 ]e0 ………………………… GS1 element string
 *   any other ]Xn AIM identifier …… stripped; the rest is classified below
 *   (NN)… ……………………………………………………… GS1, bracketed
 *   AO: / AT: / AP: ………………………… Aisle order / tote label, pickup code
 *   8, 12, 13 or 14 digits ………… GTIN (8 digits: GTIN-8 or UPC-E)
 *   <GS>…, or 00/01/02 + more than 12 characters … GS1 sent without identifier
 *   anything else ……………………………… unknown
 *
 * A text that has the shape of one kind but fails its checks is `unknown`
 * with that kind's error, never a guess at another kind (SC4).
 */

export interface ClassifyScanOptions {
  /** ISO date (or date-time) that decides the century of GS1 dates: pass today. */
  readonly referenceDate: string;
}

export type GtinScannedAs = GtinFormat | 'upc_e';

export type ScanErrorCode = Gs1ErrorCode | LabelErrorCode | GtinErrorCode | UpcEErrorCode | 'unrecognised';
export type ScanError = BarcodeError<ScanErrorCode>;

export type ScanClassification =
  | {
      readonly kind: 'gtin';
      readonly text: string;
      /** Always the 14-digit form (GT3). */
      readonly gtin: Gtin;
      readonly scannedAs: GtinScannedAs;
      /** SC3: eight digits valid both as UPC-E and as GTIN-8 — the reading not chosen. */
      readonly alternative?: { readonly gtin: Gtin; readonly scannedAs: GtinScannedAs };
    }
  | ({ readonly kind: 'gs1'; readonly text: string } & Gs1ElementString)
  | { readonly kind: 'aisle_order'; readonly text: string; readonly orderNumber: string }
  | { readonly kind: 'aisle_tote'; readonly text: string; readonly toteId: string }
  | { readonly kind: 'aisle_pickup'; readonly text: string; readonly pickupCode: PickupCode }
  | {
      readonly kind: 'unknown';
      readonly text: string;
      /** Positions count in `text`, the cleaned scan. */
      readonly reason: ScanError;
    };

export type ScanKind = ScanClassification['kind'];

const AIM_IDENTIFIER = /^\][A-Za-z][0-9A-Za-z]/;
/** AIM identifier of EAN-8: its eight digits are never UPC-E. */
const EAN_8 = ']E4';

function shifted<C extends string>(error: BarcodeError<C>, by: number): BarcodeError<C> {
  return error.position === undefined || by === 0 ? error : { ...error, position: error.position + by };
}

/**
 * SC3: eight digits. UPC-E wins a tie: GS1 keeps GTIN-8s that start with 0 for
 * restricted circulation, while UPC-E (number system 0 or 1) is on shelves.
 */
function classifyEightDigits(text: string, content: string, offset: number, aim: string | null): ScanClassification {
  const gtin8 = isValidGtin(content) ? { gtin: content.padStart(14, '0') as Gtin, scannedAs: 'gtin_8' as const } : null;
  const expanded = aim === EAN_8 ? null : expandUpcE(content);
  const upcE = expanded?.ok ? { gtin: expanded.value.padStart(14, '0') as Gtin, scannedAs: 'upc_e' as const } : null;
  if (upcE && gtin8) return { kind: 'gtin', text, ...upcE, alternative: gtin8 };
  const found = upcE ?? gtin8;
  if (found) return { kind: 'gtin', text, ...found };
  const reason = barcodeError('bad_check_digit', 'eight digits that are neither a GTIN-8 nor a UPC-E: misread?', offset + 7);
  return { kind: 'unknown', text, reason };
}

function fromGs1(text: string, parsed: Result<Gs1ElementString, Gs1Error>, offset: number): ScanClassification {
  return parsed.ok ? { kind: 'gs1', text, ...parsed.value } : { kind: 'unknown', text, reason: shifted(parsed.error, offset) };
}

export function classifyScan(scanned: string, options: ClassifyScanOptions): ScanClassification {
  const text = cleanScanText(scanned);
  if (text === '') return { kind: 'unknown', text, reason: barcodeError('empty', 'nothing was scanned') };
  if (gs1SymbologyOf(text)) return fromGs1(text, parseGs1ElementString(text, options), 0);

  const aim = AIM_IDENTIFIER.test(text) ? text.slice(0, 3) : null;
  const offset = aim === null ? 0 : 3;
  const content = text.slice(offset);
  const unknown = (reason: ScanError): ScanClassification => ({ kind: 'unknown', text, reason: shifted(reason, offset) });

  if (content === '') return unknown(barcodeError('empty', `nothing after the symbology identifier ${aim}`));
  if (content.startsWith('(')) return fromGs1(text, parseGs1ElementString(content, options), offset);

  const label = /^A([OTP]):/i.exec(content)?.[1]?.toUpperCase();
  if (label === 'O') {
    const parsed = parseOrderLabel(content);
    return parsed.ok ? { kind: 'aisle_order', text, orderNumber: parsed.value.orderNumber } : unknown(parsed.error);
  }
  if (label === 'T') {
    const parsed = parseToteLabel(content);
    return parsed.ok ? { kind: 'aisle_tote', text, toteId: parsed.value.toteId } : unknown(parsed.error);
  }
  if (label === 'P') {
    const parsed = parsePickupCode(content);
    return parsed.ok ? { kind: 'aisle_pickup', text, pickupCode: parsed.value } : unknown(parsed.error);
  }

  if (/^\d+$/.test(content) && content.length === 8) return classifyEightDigits(text, content, offset, aim);
  if (/^\d+$/.test(content) && [12, 13, 14].includes(content.length)) {
    const parsed = parseGtin(content);
    return parsed.ok ? { kind: 'gtin', text, gtin: parsed.value.gtin, scannedAs: parsed.value.format } : unknown(parsed.error);
  }
  if (content.startsWith(GS) || (/^0[012]/.test(content) && content.length > 14)) {
    return fromGs1(text, parseGs1ElementString(content, options), offset);
  }
  return unknown(barcodeError('unrecognised', 'not a GTIN, a GS1 barcode or an Aisle label'));
}
