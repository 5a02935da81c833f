import { z } from 'zod';
import { DEFAULT_DISPOSITION_RULES, DispositionRuleTable } from './disposition.ts';
import { ConditionGrade, isSellerAtFault, ProductCategory, type ConditionGrade as Grade, type ReturnReason } from './return.ts';
import type { ReturnProduct } from './returnable-order.ts';

const DAY_MS = 86_400_000;

const BasisPoints = z.number().int().min(0).max(10_000);

/**
 * A tenant's return rules as plain data. Records keyed by an enum must name
 * every key, so a new category or grade is refused until its window and fees
 * are decided.
 */
export const ReturnPolicy = z.object({
  /** RF6: default return window per category, in days after delivery or pickup. */
  windowDaysByCategory: z.record(ProductCategory, z.number().int().nonnegative().max(3650)),
  /** RF4: restocking fee in basis points (1500 = 15 %) for a return that is not the seller's fault. */
  restockingFeeBasisPoints: z.record(ProductCategory, z.record(ConditionGrade, BasisPoints)),
  dispositionRules: DispositionRuleTable,
});
export type ReturnPolicy = z.infer<typeof ReturnPolicy>;

export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  windowDaysByCategory: { apparel: 30, electronics: 14, homeware: 30, food: 7, hygiene: 14, other: 30 },
  restockingFeeBasisPoints: {
    apparel: { A: 0, B: 0, C: 1000, D: 5000 },
    // Opened electronics lose value the moment the seal is broken.
    electronics: { A: 0, B: 1500, C: 2500, D: 5000 },
    homeware: { A: 0, B: 0, C: 1000, D: 5000 },
    food: { A: 0, B: 0, C: 0, D: 0 },
    hygiene: { A: 0, B: 0, C: 0, D: 0 },
    other: { A: 0, B: 1000, C: 2000, D: 5000 },
  },
  dispositionRules: [...DEFAULT_DISPOSITION_RULES],
};

/** RF6: the product's own window, else its category's. */
export function returnWindowDays(product: Pick<ReturnProduct, 'category' | 'returnWindowDays'>, policy: ReturnPolicy): number {
  return product.returnWindowDays ?? policy.windowDaysByCategory[product.category];
}

/**
 * RF6: the last instant a return may be asked for: whole 24-hour days after
 * fulfilment. The domain has no time zone, so there is no rounding to the end
 * of a local calendar day; a store wanting that passes a longer window.
 */
export function returnDeadline(fulfilledAt: string, windowDays: number): string {
  return new Date(Date.parse(fulfilledAt) + windowDays * DAY_MS).toISOString();
}

export function isWithinReturnWindow(fulfilledAt: string, windowDays: number, at: string): boolean {
  return Date.parse(at) <= Date.parse(fulfilledAt) + windowDays * DAY_MS;
}

/** RF4: none when the seller is at fault; otherwise the policy's rate for the category and grade. */
export function restockingFeeBasisPoints(
  reason: ReturnReason,
  condition: Grade,
  product: Pick<ReturnProduct, 'category'>,
  policy: ReturnPolicy,
): number {
  return isSellerAtFault(reason) ? 0 : policy.restockingFeeBasisPoints[product.category][condition];
}
