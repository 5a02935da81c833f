export { type BarcodeError } from './barcode-error.ts';
export {
  Gtin,
  gtinCheckDigit,
  hasValidGs1CheckDigit,
  isValidGtin,
  normalizeGtin,
  sameGtin,
  parseGtin,
  type GtinFormat,
  type GtinErrorCode,
  type GtinError,
} from './gtin.ts';
export { expandUpcE, compressUpcA, isValidUpcE, type UpcEErrorCode, type UpcEError } from './upc-e.ts';
export {
  GS1_APPLICATION_IDENTIFIERS,
  gs1AiDefinition,
  type Gs1AiDefinition,
  type Gs1ElementKind,
  type Gs1DateKind,
  type TradeMeasureQuantity,
  type TradeMeasureUnit,
} from './gs1-application-identifiers.ts';
export {
  GS as GS1_SEPARATOR,
  GS1_ERROR_CODES,
  parseGs1ElementString,
  formatGs1Bracketed,
  formatGs1Raw,
  type Gs1Symbology,
  type Gs1ErrorCode,
  type Gs1Error,
  type Gs1Decimal,
  type Gs1Element,
  type Gs1Fields,
  type Gs1ElementString,
  type Gs1ParseOptions,
} from './gs1-element-string.ts';
export {
  LabelPayload,
  LABEL_ERROR_CODES,
  formatOrderLabel,
  parseOrderLabel,
  formatToteLabel,
  parseToteLabel,
  type LabelErrorCode,
  type LabelError,
} from './aisle-labels.ts';
export {
  PickupCode,
  PICKUP_CODE_ALPHABET,
  PICKUP_CODE_LENGTH,
  PICKUP_CODE_SPACE,
  isValidPickupCode,
  pickupCodeFromNumber,
  parsePickupCode,
  formatPickupCode,
  formatPickupLabel,
} from './pickup-code.ts';
export { cleanScanText } from './scan-text.ts';
export {
  classifyScan,
  type ClassifyScanOptions,
  type ScanClassification,
  type ScanKind,
  type ScanError,
  type ScanErrorCode,
  type GtinScannedAs,
} from './classify-scan.ts';
