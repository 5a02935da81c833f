/**
 * ISO strings compare wrongly as text once offsets or fractional seconds
 * differ, so instants are compared as epoch milliseconds. An unparseable
 * instant is a caller bug (schemas reject it at the edge), hence a throw.
 */
export function instant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${iso}`);
  return ms;
}

export const DAY_MS = 86_400_000;
