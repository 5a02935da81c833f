import type { Refusal } from '../result.ts';

/**
 * Why a scan was not understood: a stable code the PWA maps to words and a
 * sound, an English message for logs, and where in the scanned text the
 * trouble starts (a character index), so a support screen can point at it.
 */
export interface BarcodeError<C extends string> extends Refusal<C> {
  readonly position?: number;
}

export function barcodeError<C extends string>(code: C, message: string, position?: number): BarcodeError<C> {
  // exactOptionalPropertyTypes: an absent position is left out, never `undefined`.
  return position === undefined ? { code, message } : { code, message, position };
}
