import { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import { barcodeError, type BarcodeError } from './barcode-error.ts';
import { mod3736CheckCharacter } from './check-character.ts';
import { asciiUpperCase } from './scan-text.ts';

/**
 * Labels Aisle prints for orders (on bags and parcels) and totes (on the crate):
 *
 *   AO:A-1001:1       "A" + kind letter (O order, T tote) + ":" + payload + ":" + check character
 *   AT:T042:9
 *
 * Chosen so that a scan can never be mistaken for something else: ":" is in
 * no SKU (SKUs are letters, digits and `._-`) and no GTIN; the text is upper
 * case, digits, ":" and "-" only, which Code 128 prints compactly and a QR
 * code holds in its dense alphanumeric mode; the payload reads exactly as the
 * order number the associate sees elsewhere, the check character set apart by
 * the second ":". The check character (AL2) catches a label typed by hand when
 * the barcode is torn, or mangled by a keyboard-wedge scanner.
 */
/** What fits on an order or tote label: upper-case letters and digits in groups joined by single hyphens, at most 20 characters. */
export const LabelPayload = z
  .string()
  .max(20, 'a label payload is at most 20 characters')
  .regex(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/, 'a label payload is upper-case letters and digits, joined by single hyphens');

export const LABEL_ERROR_CODES = ['empty', 'wrong_label_kind', 'truncated', 'too_long', 'invalid_characters', 'bad_check_character'] as const;
export type LabelErrorCode = (typeof LABEL_ERROR_CODES)[number];
export type LabelError = BarcodeError<LabelErrorCode>;

export type AisleLabelKind = 'order' | 'tote';
const PREFIXES: Record<AisleLabelKind, string> = { order: 'AO:', tote: 'AT:' };

/** AL2: letters and digits of kind letter and payload; hyphens and ":" are left out (the symbology's own check covers them). */
function checkCharacterFor(prefix: string, payload: string): string {
  return mod3736CheckCharacter(`${prefix}${payload}`.replace(/[^0-9A-Z]/g, ''));
}

function formatLabel(kind: AisleLabelKind, payload: string): string {
  const parsed = LabelPayload.safeParse(payload);
  // The server makes these values; one that cannot be printed is a bug, not a refusal.
  if (!parsed.success) throw new RangeError(`cannot print ${JSON.stringify(payload)} on a ${kind} label: ${parsed.error.issues[0]?.message}`);
  const prefix = PREFIXES[kind];
  return `${prefix}${payload}:${checkCharacterFor(prefix, payload)}`;
}

/** AL3: parsed case-insensitively, because a wedge scanner with Caps Lock on sends the letters in lower case. */
function parseLabel(kind: AisleLabelKind, text: string): Result<string, LabelError> {
  if (text === '') return err(barcodeError('empty', 'nothing was scanned'));
  const upper = asciiUpperCase(text);
  const prefix = PREFIXES[kind];
  if (!upper.startsWith(prefix)) {
    return err(barcodeError('wrong_label_kind', `an Aisle ${kind} label starts ${prefix}`, 0));
  }
  const body = upper.slice(prefix.length);
  if (body.length < 3 || body.charAt(body.length - 2) !== ':') {
    return err(barcodeError('truncated', `an Aisle ${kind} label ends with ":" and a check character`, text.length));
  }
  const payload = body.slice(0, -2);
  const bad = payload.search(/[^A-Z0-9-]/);
  if (bad >= 0) {
    return err(barcodeError('invalid_characters', `an Aisle label holds letters, digits and "-", found ${JSON.stringify(payload.charAt(bad))}`, prefix.length + bad));
  }
  if (payload.length > 20) return err(barcodeError('too_long', `an Aisle ${kind} label holds at most 20 characters`, prefix.length + 20));
  if (!LabelPayload.safeParse(payload).success) {
    return err(barcodeError('invalid_characters', 'hyphens only between letters and digits, one at a time', prefix.length));
  }
  const check = body.charAt(body.length - 1);
  const expected = checkCharacterFor(prefix, payload);
  if (check !== expected) {
    return err(barcodeError('bad_check_character', `check character is ${check}, should be ${expected}: misread or mistyped`, text.length - 1));
  }
  return ok(payload);
}

/** AL1: the text of an order label. Throws RangeError for an order number `LabelPayload` refuses. */
export function formatOrderLabel(orderNumber: string): string {
  return formatLabel('order', orderNumber);
}

export function parseOrderLabel(text: string): Result<{ orderNumber: string }, LabelError> {
  const payload = parseLabel('order', text);
  return payload.ok ? ok({ orderNumber: payload.value }) : payload;
}

/** AL1: the text of a tote label. Throws RangeError for a tote id `LabelPayload` refuses. */
export function formatToteLabel(toteId: string): string {
  return formatLabel('tote', toteId);
}

export function parseToteLabel(text: string): Result<{ toteId: string }, LabelError> {
  const payload = parseLabel('tote', text);
  return payload.ok ? ok({ toteId: payload.value }) : payload;
}
