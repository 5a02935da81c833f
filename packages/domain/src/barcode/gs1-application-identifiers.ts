/**
 * The GS1 Application Identifiers Aisle reads: what each one's data looks like
 * and what it means. An AI missing here cannot be skipped, because without its
 * definition nothing says where its data ends (GS9).
 */

export const GS1_DATE_KINDS = ['production_date', 'packaging_date', 'best_before_date', 'sell_by_date', 'expiry_date'] as const;
export type Gs1DateKind = (typeof GS1_DATE_KINDS)[number];

export type Gs1ElementKind =
  | 'sscc'
  | 'gtin'
  | 'content_gtin'
  | 'gln'
  | 'batch_lot'
  | 'serial'
  | Gs1DateKind
  | 'variable_count'
  | 'count'
  | 'trade_measure'
  | 'other';

export type TradeMeasureQuantity = 'net_weight' | 'length' | 'width' | 'depth' | 'area' | 'net_volume';
export type TradeMeasureUnit = 'kg' | 'm' | 'm2' | 'l' | 'm3';

export interface Gs1AiDefinition {
  readonly ai: string;
  /** GS1's data title, as printed next to the human-readable text. */
  readonly title: string;
  readonly kind: Gs1ElementKind;
  /** `numeric` is digits; `cset82` is GS1 AI encodable character set 82. */
  readonly charset: 'numeric' | 'cset82';
  /** Length of the data for fixed-length AIs; null when it varies up to `maxLength`. */
  readonly fixedLength: number | null;
  readonly maxLength: number;
  readonly checkDigit: boolean;
  /** For 31nn trade measures: what is measured, in which unit, with how many implied decimals. */
  readonly measure: { readonly quantity: TradeMeasureQuantity; readonly unit: TradeMeasureUnit; readonly decimals: number } | null;
}

const fixed = (ai: string, title: string, kind: Gs1ElementKind, length: number, checkDigit = false): Gs1AiDefinition => ({
  ai, title, kind, charset: 'numeric', fixedLength: length, maxLength: length, checkDigit, measure: null,
});
const variable = (ai: string, title: string, kind: Gs1ElementKind, maxLength: number, charset: 'numeric' | 'cset82' = 'cset82'): Gs1AiDefinition => ({
  ai, title, kind, charset, fixedLength: null, maxLength, checkDigit: false, measure: null,
});

const MEASURE_FAMILIES: readonly (readonly [string, string, TradeMeasureQuantity, TradeMeasureUnit])[] = [
  ['310', 'NET WEIGHT (kg)', 'net_weight', 'kg'],
  ['311', 'LENGTH (m)', 'length', 'm'],
  ['312', 'WIDTH (m)', 'width', 'm'],
  ['313', 'HEIGHT (m)', 'depth', 'm'],
  ['314', 'AREA (m²)', 'area', 'm2'],
  ['315', 'NET VOLUME (l)', 'net_volume', 'l'],
  ['316', 'NET VOLUME (m³)', 'net_volume', 'm3'],
];

const GLN_ROLES: readonly (readonly [string, string])[] = [
  ['410', 'SHIP TO LOC'],
  ['411', 'BILL TO'],
  ['412', 'PURCHASE FROM'],
  ['413', 'SHIP FOR LOC'],
  ['414', 'LOC No.'],
  ['415', 'PAY TO'],
  ['416', 'PROD/SERV LOC'],
  ['417', 'PARTY'],
];

const DEFINITIONS: readonly Gs1AiDefinition[] = [
  fixed('00', 'SSCC', 'sscc', 18, true),
  fixed('01', 'GTIN', 'gtin', 14, true),
  fixed('02', 'CONTENT', 'content_gtin', 14, true),
  variable('10', 'BATCH/LOT', 'batch_lot', 20),
  fixed('11', 'PROD DATE', 'production_date', 6),
  fixed('13', 'PACK DATE', 'packaging_date', 6),
  fixed('15', 'BEST BEFORE or BEST BY', 'best_before_date', 6),
  fixed('16', 'SELL BY', 'sell_by_date', 6),
  fixed('17', 'USE BY or EXPIRY', 'expiry_date', 6),
  fixed('20', 'VARIANT', 'other', 2),
  variable('21', 'SERIAL', 'serial', 20),
  variable('22', 'CPV', 'other', 20),
  variable('240', 'ADDITIONAL ID', 'other', 30),
  variable('241', 'CUST. PART No.', 'other', 30),
  variable('250', 'SECONDARY SERIAL', 'other', 30),
  variable('251', 'REF. TO SOURCE', 'other', 30),
  variable('30', 'VAR. COUNT', 'variable_count', 8, 'numeric'),
  ...MEASURE_FAMILIES.flatMap(([family, title, quantity, unit]) =>
    [0, 1, 2, 3, 4, 5].map((decimals) => ({ ...fixed(`${family}${decimals}`, title, 'trade_measure', 6), measure: { quantity, unit, decimals } })),
  ),
  variable('37', 'COUNT', 'count', 8, 'numeric'),
  variable('400', 'ORDER NUMBER', 'other', 30),
  variable('401', 'GINC', 'other', 30),
  variable('403', 'ROUTE', 'other', 30),
  ...GLN_ROLES.map(([ai, title]) => fixed(ai, title, 'gln', 13, true)),
  variable('420', 'SHIP TO POST', 'other', 20),
  fixed('422', 'ORIGIN', 'other', 3),
  variable('8020', 'REF No.', 'other', 25),
  variable('90', 'INTERNAL', 'other', 30),
  ...['91', '92', '93', '94', '95', '96', '97', '98', '99'].map((ai) => variable(ai, 'INTERNAL', 'other', 90)),
];

export const GS1_APPLICATION_IDENTIFIERS: ReadonlyMap<string, Gs1AiDefinition> = new Map(DEFINITIONS.map((d) => [d.ai, d]));

export function gs1AiDefinition(ai: string): Gs1AiDefinition | undefined {
  return GS1_APPLICATION_IDENTIFIERS.get(ai);
}

/**
 * GS2: the AIs whose length GS1 fixed once and for all, by their first two
 * digits (General Specifications, "element strings with predefined length").
 * Only these may be followed by another AI without a separator; a fixed-length
 * AI outside this list (422) still needs one.
 */
const PREDEFINED_LENGTH_PREFIXES = new Set([
  '00', '01', '02', '03', '04', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '31', '32', '33', '34', '35', '36', '41',
]);

export function needsSeparatorAfter(definition: Gs1AiDefinition): boolean {
  return definition.fixedLength === null || !PREDEFINED_LENGTH_PREFIXES.has(definition.ai.slice(0, 2));
}

/** GS1 AI encodable character set 82: what alphanumeric AI data may contain. */
const CSET82 = /[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]/;

/** Index of the first character not allowed by `charset`, or -1. */
export function firstInvalidCharacter(data: string, charset: Gs1AiDefinition['charset']): number {
  for (let i = 0; i < data.length; i++) {
    const char = data.charAt(i);
    const allowed = charset === 'numeric' ? char >= '0' && char <= '9' : CSET82.test(char);
    if (!allowed) return i;
  }
  return -1;
}
