/**
 * GS1 dates are YYMMDD. The century is not in the barcode, so it comes from a
 * reference date the caller passes in (the domain reads no clock).
 */

/** The year of an ISO date or date-time (`2026-11-27`, `2026-11-27T11:00:00.000Z`). */
export function referenceYearOf(referenceDate: string): number {
  const match = /^(\d{4})-\d{2}-\d{2}/.exec(referenceDate);
  if (!match?.[1]) throw new RangeError(`referenceDate must be an ISO date, got ${JSON.stringify(referenceDate)}`);
  return Number(match[1]);
}

/**
 * GS5, GS1 General Specifications "determination of century": a two-digit year
 * lies within 49 years before and 50 years after the reference year.
 */
export function resolveGs1Year(yy: number, referenceYear: number): number {
  const century = referenceYear - (referenceYear % 100);
  const difference = yy - (referenceYear % 100);
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export type Gs1DateResult =
  | { readonly ok: true; readonly date: string; readonly dayOmitted: boolean }
  | { readonly ok: false; readonly message: string; readonly offset: number };

/**
 * GS5: six digits YYMMDD → ISO `YYYY-MM-DD`. DD = 00 means the day is not
 * given: the date is the last day of that month (what GS1 says it means for
 * best-before and expiry dates) and `dayOmitted` tells the caller.
 */
export function parseGs1Date(yymmdd: string, referenceYear: number): Gs1DateResult {
  if (!/^\d{6}$/.test(yymmdd)) return { ok: false, message: 'a date is six digits YYMMDD', offset: 0 };
  const year = resolveGs1Year(Number(yymmdd.slice(0, 2)), referenceYear);
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) return { ok: false, message: `month ${yymmdd.slice(2, 4)} does not exist`, offset: 2 };
  const last = daysInMonth(year, month);
  if (day > last) return { ok: false, message: `${year}-${yymmdd.slice(2, 4)} has no day ${yymmdd.slice(4, 6)}`, offset: 4 };
  const dd = day === 0 ? last : day;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  return { ok: true, date: iso, dayOmitted: day === 0 };
}
