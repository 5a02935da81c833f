// Money arrives from channels as decimal strings ("199.00"). It is turned into
// integer minor units with string and BigInt arithmetic only: a float would
// make 0.1 + 0.2 of something cost 0.30000000000000004.

// ISO 4217 minor units where they are not 2. Spelled out instead of asking
// Intl, whose CLDR data differs for a few currencies (and varies by ICU build).
const MINOR_UNITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export function minorUnitDigits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

export type DecimalResult = { ok: true; minor: bigint } | { ok: false; reason: string };

/**
 * `"199.00"` in GBP → 19900n. More decimals than the currency has are accepted
 * only when they are zeros (`"1500.00"` JPY → 1500n); `"1.005"` USD is refused
 * rather than rounded, because the channel and Aisle would then disagree.
 */
export function decimalToMinor(decimal: string, currency: string): DecimalResult {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!m) return { ok: false, reason: `"${decimal}" is not a non-negative decimal amount` };
  const digits = minorUnitDigits(currency);
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (/[1-9]/.test(frac.slice(digits))) {
    return { ok: false, reason: `"${decimal}" has more decimals than ${currency} has minor units (${digits})` };
  }
  const kept = frac.slice(0, digits).padEnd(digits, '0');
  return { ok: true, minor: BigInt(whole) * 10n ** BigInt(digits) + BigInt(kept || '0') };
}
