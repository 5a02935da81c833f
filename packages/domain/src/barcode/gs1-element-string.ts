import { err, ok, type Result } from '../result.ts';
import { barcodeError, type BarcodeError } from './barcode-error.ts';
import {
  GS1_APPLICATION_IDENTIFIERS,
  firstInvalidCharacter,
  gs1AiDefinition,
  needsSeparatorAfter,
  type Gs1AiDefinition,
  type Gs1DateKind,
  type TradeMeasureQuantity,
  type TradeMeasureUnit,
} from './gs1-application-identifiers.ts';
import { parseGs1Date, referenceYearOf } from './gs1-date.ts';
import { gtinCheckDigit, hasValidGs1CheckDigit, type Gtin } from './gtin.ts';

/**
 * GS1 element strings: the data of GS1-128, GS1 DataMatrix, GS1 QR and GS1
 * DataBar barcodes, as a scanner transmits it —
 *
 *   ]C1 01 09521234543213 17 261231 10 ABC123 <GS> 21 SN42
 *   └┬┘ └──── fixed length: no separator ───┘ └ variable: ends at <GS> or the end
 *    symbology identifier (FNC1 in first position)
 *
 * — or as people write it, `(01)09521234543213(17)261231(10)ABC123(21)SN42`.
 */

/** ASCII 29, the group separator scanners send for FNC1 between fields. */
export const GS = '\u001d';

const SYMBOLOGY_IDENTIFIERS = {
  ']C1': 'gs1_128',
  ']d2': 'gs1_datamatrix',
  ']Q3': 'gs1_qr',
  ']e0': 'gs1_databar',
} as const;
export type Gs1Symbology = (typeof SYMBOLOGY_IDENTIFIERS)[keyof typeof SYMBOLOGY_IDENTIFIERS];

export function gs1SymbologyOf(text: string): Gs1Symbology | null {
  const id = text.slice(0, 3);
  return Object.hasOwn(SYMBOLOGY_IDENTIFIERS, id) ? SYMBOLOGY_IDENTIFIERS[id as keyof typeof SYMBOLOGY_IDENTIFIERS] : null;
}

export const GS1_ERROR_CODES = [
  'empty',
  'bad_check_digit',
  'truncated',
  'unknown_ai',
  'stray_separator',
  'invalid_date',
  'too_long',
  'invalid_characters',
  'duplicate_ai',
] as const;
export type Gs1ErrorCode = (typeof GS1_ERROR_CODES)[number];
export type Gs1Error = BarcodeError<Gs1ErrorCode>;

/** An exact decimal: `amount × 10^-decimals`, so 3103 000125 is 125 with 3 decimals, never 0.12500000000000001. */
export interface Gs1Decimal {
  readonly amount: number;
  readonly decimals: number;
  /** The same number written out, e.g. `0.125`. */
  readonly text: string;
}

interface ElementBase {
  readonly ai: string;
  readonly title: string;
  /** The data as scanned, without the AI. */
  readonly raw: string;
}
export type Gs1Element =
  | (ElementBase & { readonly kind: 'sscc' | 'gln' | 'batch_lot' | 'serial' | 'other'; readonly value: string })
  | (ElementBase & { readonly kind: 'gtin' | 'content_gtin'; readonly value: Gtin })
  | (ElementBase & { readonly kind: Gs1DateKind; readonly date: string; readonly dayOmitted: boolean })
  | (ElementBase & { readonly kind: 'variable_count' | 'count'; readonly value: number })
  | (ElementBase & {
      readonly kind: 'trade_measure';
      readonly quantity: TradeMeasureQuantity;
      readonly unit: TradeMeasureUnit;
      readonly value: Gs1Decimal;
    });

/** The fields most callers want, by name; `elements` has everything in scan order. */
export interface Gs1Fields {
  readonly sscc?: string;
  readonly gtin?: Gtin;
  readonly contentGtin?: Gtin;
  readonly batchLot?: string;
  readonly serial?: string;
  readonly productionDate?: string;
  readonly packagingDate?: string;
  readonly bestBeforeDate?: string;
  readonly sellByDate?: string;
  readonly expiryDate?: string;
  readonly variableCount?: number;
  readonly count?: number;
  readonly netWeightKg?: Gs1Decimal;
  readonly lengthM?: Gs1Decimal;
  readonly widthM?: Gs1Decimal;
  readonly depthM?: Gs1Decimal;
  readonly areaM2?: Gs1Decimal;
  readonly netVolumeL?: Gs1Decimal;
  readonly netVolumeM3?: Gs1Decimal;
}

export interface Gs1ElementString {
  /** From the symbology identifier; null when the scanner sent none or the text was bracketed. */
  readonly symbology: Gs1Symbology | null;
  readonly form: 'raw' | 'bracketed';
  readonly elements: readonly Gs1Element[];
  readonly fields: Gs1Fields;
}

export interface Gs1ParseOptions {
  /** ISO date (or date-time) that decides the century of YYMMDD dates (GS5): usually today. */
  readonly referenceDate: string;
}

type Parsed<T> = Result<T, Gs1Error>;

function decimalText(digits: string, decimals: number): string {
  const whole = digits.slice(0, digits.length - decimals).replace(/^0+(?=\d)/, '') || '0';
  return decimals === 0 ? whole : `${whole}.${digits.slice(digits.length - decimals)}`;
}

/** GS4–GS8: turns one AI's data into a typed element, or says what is wrong with it. */
function readElement(definition: Gs1AiDefinition, raw: string, at: number, referenceYear: number): Parsed<Gs1Element> {
  const { ai, title } = definition;
  const bad = firstInvalidCharacter(raw, definition.charset);
  if (bad >= 0) {
    const what = definition.charset === 'numeric' ? 'digits only' : 'GS1 character set 82';
    return err(barcodeError('invalid_characters', `AI ${ai} takes ${what}, found ${JSON.stringify(raw.charAt(bad))}`, at + bad));
  }
  if (definition.checkDigit && !hasValidGs1CheckDigit(raw)) {
    const expected = gtinCheckDigit(raw.slice(0, -1));
    return err(barcodeError('bad_check_digit', `AI ${ai} check digit is ${raw.charAt(raw.length - 1)}, should be ${expected}`, at + raw.length - 1));
  }
  const base = { ai, title, raw };
  switch (definition.kind) {
    case 'gtin':
    case 'content_gtin':
      return ok({ ...base, kind: definition.kind, value: raw as Gtin });
    case 'production_date':
    case 'packaging_date':
    case 'best_before_date':
    case 'sell_by_date':
    case 'expiry_date': {
      const date = parseGs1Date(raw, referenceYear);
      if (!date.ok) return err(barcodeError('invalid_date', `AI ${ai}: ${date.message}`, at + date.offset));
      return ok({ ...base, kind: definition.kind, date: date.date, dayOmitted: date.dayOmitted });
    }
    case 'variable_count':
    case 'count':
      return ok({ ...base, kind: definition.kind, value: Number(raw) });
    case 'trade_measure': {
      const { measure } = definition;
      if (!measure) throw new TypeError(`AI ${ai} is a trade measure without a unit: the AI table is wrong`);
      const value = { amount: Number(raw), decimals: measure.decimals, text: decimalText(raw, measure.decimals) };
      return ok({ ...base, kind: 'trade_measure', quantity: measure.quantity, unit: measure.unit, value });
    }
    case 'sscc':
    case 'gln':
    case 'batch_lot':
    case 'serial':
    case 'other':
      return ok({ ...base, kind: definition.kind, value: raw });
  }
}

/** The AI starting at `at`, or why there is none (GS9). */
function matchAi(text: string, at: number): Parsed<Gs1AiDefinition> {
  for (const length of [2, 3, 4]) {
    const candidate = text.slice(at, at + length);
    if (candidate.length < length) break;
    const definition = gs1AiDefinition(candidate);
    if (definition) return ok(definition);
  }
  const digits = /^\d{0,4}/.exec(text.slice(at))?.[0] ?? '';
  const cutShort = at + digits.length === text.length || text.charAt(at + digits.length) === GS;
  if (digits.length < 4 && cutShort && [...GS1_APPLICATION_IDENTIFIERS.keys()].some((ai) => ai.startsWith(digits))) {
    return err(barcodeError('truncated', `the element string ends inside an application identifier (${digits || 'nothing'})`, at));
  }
  const shown = text.slice(at, at + 4);
  return err(barcodeError('unknown_ai', `no application identifier Aisle knows starts ${JSON.stringify(shown)}`, at));
}

interface Piece {
  readonly definition: Gs1AiDefinition;
  readonly element: Gs1Element;
  readonly at: number;
}

/** GS3: raw transmission — fixed-length data runs its length, variable data to <GS> or the end. */
function parseRaw(text: string, start: number, referenceYear: number): Parsed<Piece[]> {
  const pieces: Piece[] = [];
  let pos = start;
  while (pos < text.length) {
    const aiAt = pos;
    if (text.charAt(pos) === GS) {
      return err(barcodeError('stray_separator', 'a separator where an application identifier should start', pos));
    }
    const matched = matchAi(text, pos);
    if (!matched.ok) return matched;
    const definition = matched.value;
    pos += definition.ai.length;
    const dataAt = pos;
    let raw: string;
    if (definition.fixedLength !== null) {
      const slice = text.slice(pos, pos + definition.fixedLength);
      const cut = slice.indexOf(GS);
      if (cut >= 0 || slice.length < definition.fixedLength) {
        const got = cut >= 0 ? cut : slice.length;
        return err(barcodeError('truncated', `AI ${definition.ai} needs ${definition.fixedLength} characters, got ${got}`, pos + got));
      }
      raw = slice;
      pos += definition.fixedLength;
      if (text.charAt(pos) === GS) pos += 1; // superfluous but harmless (GS2)
      else if (pos < text.length && needsSeparatorAfter(definition)) {
        return err(barcodeError('too_long', `AI ${definition.ai} is ${definition.fixedLength} characters and must be followed by a separator`, pos));
      }
    } else {
      const gs = text.indexOf(GS, pos);
      const end = gs < 0 ? text.length : gs;
      raw = text.slice(pos, end);
      if (raw.length === 0) {
        return gs < 0
          ? err(barcodeError('truncated', `AI ${definition.ai} has no data`, pos))
          : err(barcodeError('stray_separator', `a separator right after AI ${definition.ai}, where its data should be`, pos));
      }
      if (raw.length > definition.maxLength) {
        return err(barcodeError('too_long', `AI ${definition.ai} takes at most ${definition.maxLength} characters (is a separator missing?)`, pos + definition.maxLength));
      }
      pos = gs < 0 ? end : end + 1;
    }
    const element = readElement(definition, raw, dataAt, referenceYear);
    if (!element.ok) return element;
    pieces.push({ definition, element: element.value, at: aiAt });
  }
  return ok(pieces);
}

/** GS1: the human-readable form `(01)…(17)…`; data runs to the next `(` or the end. */
function parseBracketed(text: string, referenceYear: number): Parsed<Piece[]> {
  const pieces: Piece[] = [];
  let pos = 0;
  while (pos < text.length) {
    const aiAt = pos;
    const close = text.indexOf(')', pos + 1);
    if (close < 0) return err(barcodeError('truncated', 'an application identifier in brackets has no closing ")"', pos));
    const ai = text.slice(pos + 1, close);
    const definition = gs1AiDefinition(ai);
    if (!definition) return err(barcodeError('unknown_ai', `no application identifier Aisle knows is (${ai})`, pos + 1));
    const dataAt = close + 1;
    const next = text.indexOf('(', dataAt);
    const end = next < 0 ? text.length : next;
    const raw = text.slice(dataAt, end);
    const gs = raw.indexOf(GS);
    if (gs >= 0) return err(barcodeError('stray_separator', 'the bracketed form needs no separators', dataAt + gs));
    if (raw.length < (definition.fixedLength ?? 1)) {
      const what = definition.fixedLength === null ? 'has no data' : `needs ${definition.fixedLength} characters, got ${raw.length}`;
      return err(barcodeError('truncated', `AI ${ai} ${what}`, dataAt + raw.length));
    }
    if (raw.length > definition.maxLength) {
      return err(barcodeError('too_long', `AI ${ai} takes at most ${definition.maxLength} characters`, dataAt + definition.maxLength));
    }
    const element = readElement(definition, raw, dataAt, referenceYear);
    if (!element.ok) return element;
    pieces.push({ definition, element: element.value, at: aiAt });
    pos = end;
  }
  return ok(pieces);
}

/** By AI family (the first three digits of 31nn). */
const MEASURE_FIELDS: Readonly<Record<string, keyof Gs1Fields>> = {
  '310': 'netWeightKg',
  '311': 'lengthM',
  '312': 'widthM',
  '313': 'depthM',
  '314': 'areaM2',
  '315': 'netVolumeL',
  '316': 'netVolumeM3',
};

const DATE_FIELDS: Record<Gs1DateKind, keyof Gs1Fields> = {
  production_date: 'productionDate',
  packaging_date: 'packagingDate',
  best_before_date: 'bestBeforeDate',
  sell_by_date: 'sellByDate',
  expiry_date: 'expiryDate',
};

function fieldsOf(elements: readonly Gs1Element[]): Gs1Fields {
  const fields: Record<string, unknown> = {};
  for (const e of elements) {
    switch (e.kind) {
      case 'sscc': fields['sscc'] = e.value; break;
      case 'gtin': fields['gtin'] = e.value; break;
      case 'content_gtin': fields['contentGtin'] = e.value; break;
      case 'batch_lot': fields['batchLot'] = e.value; break;
      case 'serial': fields['serial'] = e.value; break;
      case 'variable_count': fields['variableCount'] = e.value; break;
      case 'count': fields['count'] = e.value; break;
      case 'trade_measure': {
        const name = MEASURE_FIELDS[e.ai.slice(0, 3)];
        if (name) fields[name] = e.value;
        break;
      }
      case 'gln':
      case 'other':
        break;
      default:
        fields[DATE_FIELDS[e.kind]] = e.date;
    }
  }
  return fields as Gs1Fields;
}

/**
 * GS10: one AI, one value. A repeat with the same data is dropped; a repeat
 * with other data, or two AIs for one trade measure (3102 and 3103), is refused.
 */
function dedupe(pieces: readonly Piece[]): Parsed<Gs1Element[]> {
  const seen = new Map<string, Piece>();
  const elements: Gs1Element[] = [];
  for (const piece of pieces) {
    const key = piece.definition.measure ? piece.definition.ai.slice(0, 3) : piece.definition.ai;
    const earlier = seen.get(key);
    if (!earlier) {
      seen.set(key, piece);
      elements.push(piece.element);
    } else if (earlier.definition.ai !== piece.definition.ai || earlier.element.raw !== piece.element.raw) {
      return err(barcodeError('duplicate_ai', `AI ${piece.definition.ai} contradicts AI ${earlier.definition.ai} earlier in the barcode`, piece.at));
    }
  }
  return ok(elements);
}

/**
 * GS1–GS11: parses a scanned GS1 element string — with a GS1 symbology
 * identifier (`]C1`, `]d2`, `]Q3`, `]e0`), bracketed (`(01)…`), or raw with
 * an optional leading <GS> standing for FNC1 — into typed elements. Any text
 * gives a value or an error; it never throws (`referenceDate` must be an ISO
 * date: that one is the caller's contract).
 */
export function parseGs1ElementString(text: string, options: Gs1ParseOptions): Result<Gs1ElementString, Gs1Error> {
  const referenceYear = referenceYearOf(options.referenceDate);
  const symbology = gs1SymbologyOf(text);
  const bracketed = symbology === null && text.startsWith('(');
  let start = symbology === null ? 0 : 3;
  // Without a symbology identifier some scanners send FNC1-in-first-position as <GS>; it marks GS1 data.
  if (symbology === null && text.startsWith(GS)) start = 1;
  if (start >= text.length) {
    return err(barcodeError('empty', symbology ? 'nothing after the symbology identifier' : 'nothing was scanned', start));
  }
  const pieces = bracketed ? parseBracketed(text, referenceYear) : parseRaw(text, start, referenceYear);
  if (!pieces.ok) return pieces;
  const elements = dedupe(pieces.value);
  if (!elements.ok) return elements;
  return ok({ symbology, form: bracketed ? 'bracketed' : 'raw', elements: elements.value, fields: fieldsOf(elements.value) });
}

type Printable = Pick<Gs1Element, 'ai' | 'raw'>;

/** GS12: the human-readable form, `(01)09521234543213(10)ABC`. */
export function formatGs1Bracketed(elements: readonly Printable[]): string {
  return elements.map((e) => `(${e.ai})${e.raw}`).join('');
}

/**
 * GS12: the data a GS1 barcode encodes, with <GS> only where GS2/GS3 need one
 * (the printer adds FNC1 in first position). Unknown AIs get a separator, the safe side.
 */
export function formatGs1Raw(elements: readonly Printable[]): string {
  return elements
    .map((e, i) => {
      const definition = gs1AiDefinition(e.ai);
      const last = i === elements.length - 1;
      return `${e.ai}${e.raw}${!last && (!definition || needsSeparatorAfter(definition)) ? GS : ''}`;
    })
    .join('');
}
