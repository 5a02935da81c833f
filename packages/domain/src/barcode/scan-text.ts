import { GS } from './gs1-element-string.ts';

function isEdgeJunk(char: string, trailing: boolean): boolean {
  const code = char.charCodeAt(0);
  if (char === GS) return trailing;
  return code < 0x20 || code === 0x7f || /\s/.test(char);
}

/**
 * SC1: what keyboard-wedge scanners add around a barcode — the Enter/Tab/CR/LF
 * suffix, spaces, STX/ETX framing, a byte-order mark — is stripped from both
 * ends. A leading <GS> stays (without a symbology identifier it is the FNC1
 * that marks GS1 data); a trailing one goes, as no field can end in it.
 */
export function cleanScanText(scanned: string): string {
  let start = 0;
  let end = scanned.length;
  while (start < end && isEdgeJunk(scanned.charAt(start), false)) start++;
  while (end > start && isEdgeJunk(scanned.charAt(end - 1), true)) end--;
  return scanned.slice(start, end);
}

/** Upper-cases a–z only, so every index still points at the same character of the scanned text. */
export function asciiUpperCase(text: string): string {
  return text.replace(/[a-z]/g, (c) => c.toUpperCase());
}
