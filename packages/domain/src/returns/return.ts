import { z } from 'zod';
import { LineId, LocationId, OrderId, ReturnId, ReturnLineId, Sku } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { deriveReturnStatus, RETURN_STATUSES, type ReturnStatus } from './lifecycle.ts';
import { MinorAmount } from './money.ts';

/** Why the customer sends the goods back, as they (or the associate) say it. */
export const RETURN_REASONS = [
  'damaged_in_transit',
  'defective',
  'wrong_item',
  'not_as_described',
  'arrived_late',
  'no_longer_needed',
  'size_or_fit',
  'other',
] as const;
export const ReturnReason = z.enum(RETURN_REASONS);
export type ReturnReason = z.infer<typeof ReturnReason>;

/**
 * Reasons where the customer is not to blame. They waive the restocking fee,
 * refund the shipping share, and override a product's "not returnable" flag
 * (RF4, RF5, RR3). The claim is not verified here: inspection grades the goods
 * and the disposition rules act on the grade.
 */
export const SELLER_FAULT_REASONS = [
  'damaged_in_transit',
  'defective',
  'wrong_item',
  'not_as_described',
  'arrived_late',
] as const satisfies readonly ReturnReason[];

export function isSellerAtFault(reason: ReturnReason): boolean {
  return (SELLER_FAULT_REASONS as readonly ReturnReason[]).includes(reason);
}

/**
 * Condition grade given at inspection:
 * - `A` new: sealed or unworn with tags, sellable as new;
 * - `B` opened, like new: packaging opened, no sign of use;
 * - `C` used: visible wear or missing accessories, still works;
 * - `D` damaged or unsellable: broken, soiled, or incomplete beyond repair at the desk.
 */
export const CONDITION_GRADES = ['A', 'B', 'C', 'D'] as const;
export const ConditionGrade = z.enum(CONDITION_GRADES);
export type ConditionGrade = z.infer<typeof ConditionGrade>;

/** The product families return rules tell apart (window, fee, disposition). */
export const PRODUCT_CATEGORIES = ['apparel', 'electronics', 'homeware', 'food', 'hygiene', 'other'] as const;
export const ProductCategory = z.enum(PRODUCT_CATEGORIES);
export type ProductCategory = z.infer<typeof ProductCategory>;

/** What happens to returned goods. Only `restock` changes available stock (the server applies it). */
export const DISPOSITIONS = ['restock', 'refurbish', 'repair', 'donate', 'write_off'] as const;
export const Disposition = z.enum(DISPOSITIONS);
export type Disposition = z.infer<typeof Disposition>;

const AT_OR_AFTER_RECEIVED: readonly ReturnStatus[] = ['received', 'inspected', 'dispositioned', 'refunded'];
const AT_OR_AFTER_INSPECTED: readonly ReturnStatus[] = ['inspected', 'dispositioned', 'refunded'];
const AT_OR_AFTER_DISPOSITIONED: readonly ReturnStatus[] = ['dispositioned', 'refunded'];

/**
 * One order line's units coming back. The line carries its own lifecycle
 * status; facts are filled in as it moves along, and RMA7 refuses a line whose
 * facts do not match its status (a `refunded` line without an amount, …).
 */
export const ReturnLine = z
  .object({
    returnLineId: ReturnLineId,
    orderLineId: LineId,
    sku: Sku,
    quantity: Quantity,
    reason: ReturnReason,
    status: z.enum(RETURN_STATUSES),
    /** When the customer asked for the return; the return window is measured here (RF6). */
    requestedAt: z.iso.datetime(),
    receivedAt: z.iso.datetime().optional(),
    receivedLocationId: LocationId.optional(),
    condition: ConditionGrade.optional(),
    disposition: Disposition.optional(),
    /** Which disposition rule proposed `disposition`, so support can explain it. */
    dispositionRuleId: z.string().min(1).optional(),
    refundMinor: MinorAmount.optional(),
  })
  .superRefine((line, ctx) => {
    const need = (present: boolean, when: readonly ReturnStatus[], field: string) => {
      if (when.includes(line.status) && !present) {
        ctx.addIssue({ code: 'custom', path: [field], message: `a ${line.status} line needs ${field}` });
      }
    };
    need(line.receivedAt !== undefined && line.receivedLocationId !== undefined, AT_OR_AFTER_RECEIVED, 'receivedAt');
    need(line.condition !== undefined, AT_OR_AFTER_INSPECTED, 'condition');
    need(line.disposition !== undefined && line.dispositionRuleId !== undefined, AT_OR_AFTER_DISPOSITIONED, 'disposition');
    need(line.refundMinor !== undefined, ['refunded'], 'refundMinor');
    if (line.status !== 'refunded' && line.refundMinor !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['refundMinor'], message: 'only a refunded line carries a refund' });
    }
  });
export type ReturnLine = z.infer<typeof ReturnLine>;

/**
 * A return (RMA): the units of one order a customer sends back, line by line.
 * `version` grows by one with every applied change, like a fulfilment order's.
 * The RMA's status is derived from its lines (`returnStatus`), never stored.
 */
export const Return = z.object({
  id: ReturnId,
  orderId: OrderId,
  lines: z
    .array(ReturnLine)
    .min(1)
    .refine((lines) => new Set(lines.map((l) => l.returnLineId)).size === lines.length, 'return line ids are unique'),
  version: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Return = z.infer<typeof Return>;

/** RMA5: the RMA's status, rolled up from its lines. */
export function returnStatus(ret: Pick<Return, 'lines'>): ReturnStatus {
  return deriveReturnStatus(ret.lines.map((l) => l.status));
}
