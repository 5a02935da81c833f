import { z } from 'zod';
import {
  ConditionGrade,
  Disposition,
  ProductCategory,
  ReturnReason,
  type ConditionGrade as Grade,
  type ProductCategory as Category,
  type ReturnReason as Reason,
} from './return.ts';

/**
 * One disposition rule. A field left out of `when` matches any value; a field
 * that is present must list at least one value, so "matches nothing" cannot be
 * written by accident.
 */
export const DispositionRule = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'a rule id is kebab-case').max(64),
  when: z.object({
    conditions: z.array(ConditionGrade).min(1).optional(),
    reasons: z.array(ReturnReason).min(1).optional(),
    categories: z.array(ProductCategory).min(1).optional(),
  }),
  disposition: Disposition,
  /** Why, in words an associate can read out. */
  note: z.string().min(1),
});
export type DispositionRule = z.infer<typeof DispositionRule>;

const isCatchAll = (rule: DispositionRule): boolean =>
  rule.when.conditions === undefined && rule.when.reasons === undefined && rule.when.categories === undefined;

/** DS1: an ordered rule list, first match wins, ending in a catch-all so every line gets an answer. */
export const DispositionRuleTable = z
  .array(DispositionRule)
  .min(1)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'rule ids are unique')
  .refine((rules) => rules.length > 0 && isCatchAll(rules[rules.length - 1] as DispositionRule), 'the last rule must match everything');
export type DispositionRuleTable = z.infer<typeof DispositionRuleTable>;

/**
 * Aisle's default table (DS5, DS6). Plain data, so a tenant can replace it and
 * support can show the rule that decided. Order matters: safety rules first,
 * then fault, then grade.
 */
export const DEFAULT_DISPOSITION_RULES: readonly DispositionRule[] = [
  {
    id: 'food-never-resold',
    when: { categories: ['food'] },
    disposition: 'write_off',
    note: 'food that left our custody is neither resold nor donated',
  },
  {
    id: 'hygiene-opened',
    when: { categories: ['hygiene'], conditions: ['B', 'C', 'D'] },
    disposition: 'write_off',
    note: 'opened hygiene products cannot be resold or donated',
  },
  {
    id: 'electronics-fault-repair',
    when: { categories: ['electronics'], reasons: ['defective', 'damaged_in_transit'] },
    disposition: 'repair',
    note: 'faulty or transit-damaged electronics go to the repair bench before anything else',
  },
  {
    id: 'defective-write-off',
    when: { reasons: ['defective'] },
    disposition: 'write_off',
    note: 'a defective item that is not electronics is not worth repairing',
  },
  {
    id: 'damaged-write-off',
    when: { conditions: ['D'] },
    disposition: 'write_off',
    note: 'grade D goods cannot be sold or given away',
  },
  {
    id: 'sealed-restock',
    when: { conditions: ['A'] },
    disposition: 'restock',
    note: 'sealed or unworn goods go back on the shelf as new',
  },
  {
    id: 'apparel-tried-on-restock',
    when: { categories: ['apparel'], conditions: ['B'] },
    disposition: 'restock',
    note: 'clothes tried on once are refolded and sold as new',
  },
  {
    id: 'opened-refurbish',
    when: { conditions: ['B'] },
    disposition: 'refurbish',
    note: 'opened but unused: checked, repackaged and sold as open-box',
  },
  {
    id: 'used-electronics-refurbish',
    when: { categories: ['electronics'], conditions: ['C'] },
    disposition: 'refurbish',
    note: 'used electronics are tested, wiped and sold as refurbished',
  },
  {
    id: 'used-donate',
    when: { conditions: ['C'] },
    disposition: 'donate',
    note: 'worn goods that still work are given to charity',
  },
  {
    id: 'catch-all',
    when: {},
    disposition: 'write_off',
    note: 'no rule claims this combination: it is not put back in front of a customer',
  },
];

export interface DispositionProposal {
  readonly disposition: Disposition;
  /** The rule that matched first (DS2). */
  readonly ruleId: string;
  readonly note: string;
}

const matches = <T>(allowed: readonly T[] | undefined, value: T): boolean => allowed === undefined || allowed.includes(value);

/**
 * DS1–DS2: the first rule whose `when` matches the graded line and its
 * product decides, and the answer names that rule.
 */
export function proposeDisposition(
  line: { readonly condition: Grade; readonly reason: Reason },
  product: { readonly category: Category },
  rules: readonly DispositionRule[] = DEFAULT_DISPOSITION_RULES,
): DispositionProposal {
  const rule = rules.find(
    (r) =>
      matches(r.when.conditions, line.condition) &&
      matches(r.when.reasons, line.reason) &&
      matches(r.when.categories, product.category),
  );
  // A table parsed by DispositionRuleTable ends in a catch-all; reaching here means it was not parsed.
  if (!rule) throw new Error(`no disposition rule matches ${line.condition}/${line.reason}/${product.category}`);
  return { disposition: rule.disposition, ruleId: rule.id, note: rule.note };
}
