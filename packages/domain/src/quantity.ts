import { z } from 'zod';

/** Largest quantity a single line may carry; guards against typos like 1e9 from a channel. */
export const MAX_LINE_QUANTITY = 100_000;

/** A count of units: a positive integer. Quantities are never fractional in Aisle. */
export const Quantity = z
  .number()
  .int('quantity must be a whole number')
  .positive('quantity must be at least 1')
  .max(MAX_LINE_QUANTITY, `quantity must be at most ${MAX_LINE_QUANTITY}`)
  .brand<'Quantity'>();
export type Quantity = z.infer<typeof Quantity>;

export function isQuantity(n: unknown): n is Quantity {
  return Quantity.safeParse(n).success;
}
