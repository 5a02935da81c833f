import { z } from 'zod';

/**
 * Money is an integer count of the currency's minor unit (cents, pence, yen).
 * The ceiling keeps every sum of an order's amounts a safe integer; products
 * that could overflow are computed in BigInt (`allocateLargestRemainder`,
 * `basisPointsOf`).
 */
export const MAX_MINOR_AMOUNT = 100_000_000_000;

export const MinorAmount = z
  .number()
  .int('money is a whole number of minor units')
  .nonnegative('money is never negative')
  .max(MAX_MINOR_AMOUNT);
export type MinorAmount = z.infer<typeof MinorAmount>;

/** ISO 4217 code; the exponent of the minor unit is the payment system's business, not the domain's. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'a currency is a three-letter ISO 4217 code');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/**
 * Splits `total` into integer parts proportional to `weights` that sum to
 * exactly `total` (largest remainder): each part gets the floor of its exact
 * share, and the minor units left over go one each to the largest fractional
 * remainders, ties to the earlier index so the split is deterministic.
 * All-zero weights split evenly instead, because a total must always land somewhere.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError(`cannot allocate ${total} over no parts`);
  }
  const effective = weights.every((w) => w === 0) ? weights.map(() => 1) : weights;
  const sum = effective.reduce((a, w) => a + BigInt(w), 0n);
  const t = BigInt(total);
  const parts = effective.map((w, index) => {
    const exact = t * BigInt(w);
    return { index, share: exact / sum, remainder: exact % sum };
  });
  let left = t - parts.reduce((a, p) => a + p.share, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of byRemainder) {
    if (left === 0n) break;
    part.share += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p.share));
}

/** `amount × basisPoints / 10 000`, rounded down: a fee never rounds against the customer. */
export function basisPointsOf(amount: number, basisPoints: number): number {
  return Number((BigInt(amount) * BigInt(basisPoints)) / 10_000n);
}
