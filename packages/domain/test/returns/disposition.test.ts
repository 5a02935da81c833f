import { describe, expect, test } from 'vitest';
import {
  CONDITION_GRADES,
  DEFAULT_DISPOSITION_RULES,
  DEFAULT_RETURN_POLICY,
  DISPOSITIONS,
  DispositionRuleTable,
  PRODUCT_CATEGORIES,
  proposeDisposition,
  RETURN_REASONS,
  ReturnPolicy,
  type ConditionGrade,
  type DispositionRule,
  type ProductCategory,
  type ReturnReason,
} from '../../src/index.ts';

const combinations = CONDITION_GRADES.flatMap((condition) =>
  RETURN_REASONS.flatMap((reason) => PRODUCT_CATEGORIES.map((category) => ({ condition, reason, category }))),
);
const propose = (condition: ConditionGrade, reason: ReturnReason, category: ProductCategory) =>
  proposeDisposition({ condition, reason }, { category });

describe('disposition rules', () => {
  test('[DS1] the default table is plain JSON data that parses, and ends in a catch-all', () => {
    const roundTripped: unknown = JSON.parse(JSON.stringify(DEFAULT_DISPOSITION_RULES));
    expect(DispositionRuleTable.parse(roundTripped)).toEqual(DEFAULT_DISPOSITION_RULES);
    expect(ReturnPolicy.safeParse(DEFAULT_RETURN_POLICY).success).toBe(true);
    expect(DEFAULT_DISPOSITION_RULES.at(-1)?.when).toEqual({});
  });

  test('[DS1] a table without a final catch-all, with duplicate ids, or with an empty match list is refused', () => {
    const rules = [...DEFAULT_DISPOSITION_RULES];
    expect(DispositionRuleTable.safeParse(rules.slice(0, -1)).success).toBe(false);
    expect(DispositionRuleTable.safeParse([rules[0], ...rules]).success).toBe(false);
    const empty = { id: 'nothing', when: { conditions: [] }, disposition: 'restock', note: 'n' };
    expect(DispositionRuleTable.safeParse([empty, rules.at(-1)]).success).toBe(false);
  });

  test('[DS1] the first matching rule wins, and a missing field matches any value', () => {
    const table: DispositionRule[] = [
      { id: 'grade-a', when: { conditions: ['A'] }, disposition: 'restock', note: 'first' },
      { id: 'apparel', when: { categories: ['apparel'] }, disposition: 'donate', note: 'second' },
      { id: 'rest', when: {}, disposition: 'write_off', note: 'last' },
    ];
    expect(proposeDisposition({ condition: 'A', reason: 'other' }, { category: 'apparel' }, table).ruleId).toBe('grade-a');
    expect(proposeDisposition({ condition: 'B', reason: 'other' }, { category: 'apparel' }, table).ruleId).toBe('apparel');
    expect(proposeDisposition({ condition: 'B', reason: 'other' }, { category: 'food' }, table).ruleId).toBe('rest');
  });

  test('[DS2] the proposal names the rule that decided and why', () => {
    expect(propose('B', 'defective', 'electronics')).toEqual({
      disposition: 'repair',
      ruleId: 'electronics-fault-repair',
      note: 'faulty or transit-damaged electronics go to the repair bench before anything else',
    });
    const rule = DEFAULT_DISPOSITION_RULES.find((r) => r.id === propose('C', 'other', 'homeware').ruleId);
    expect(rule?.disposition).toBe('donate');
  });

  test('[DS3] every condition × reason × category is claimed by a named rule before the catch-all', () => {
    expect(combinations).toHaveLength(CONDITION_GRADES.length * RETURN_REASONS.length * PRODUCT_CATEGORIES.length);
    for (const { condition, reason, category } of combinations) {
      const proposal = propose(condition, reason, category);
      expect(DISPOSITIONS).toContain(proposal.disposition);
      expect(proposal.ruleId, `${condition}/${reason}/${category}`).not.toBe('catch-all');
    }
  });

  test('[DS4] no rule is shadowed: each named rule decides at least one combination', () => {
    const used = new Set(combinations.map((c) => propose(c.condition, c.reason, c.category).ruleId));
    const named = DEFAULT_DISPOSITION_RULES.map((r) => r.id).filter((id) => id !== 'catch-all');
    for (const id of named) expect(used, id).toContain(id);
  });

  test('[DS5] food is never resold and opened hygiene products are written off, whatever the reason', () => {
    for (const { condition, reason } of combinations) {
      expect(propose(condition, reason, 'food').disposition).toBe('write_off');
      if (condition !== 'A') expect(propose(condition, reason, 'hygiene').disposition).toBe('write_off');
    }
    expect(propose('A', 'size_or_fit', 'hygiene').disposition).toBe('restock');
  });

  test('[DS6] grade A goes back on the shelf unless reported faulty; faulty electronics go to repair', () => {
    for (const { condition, reason, category } of combinations) {
      if (category === 'food') continue;
      const { disposition } = propose(condition, reason, category);
      const electronicsFault = category === 'electronics' && (reason === 'defective' || reason === 'damaged_in_transit');
      if (electronicsFault) expect(disposition).toBe('repair');
      else if (reason === 'defective' || condition === 'D') expect(disposition).toBe('write_off');
      else if (condition === 'A') expect(disposition).toBe('restock');
      else expect(disposition).not.toBe('repair');
    }
    expect(propose('B', 'size_or_fit', 'apparel').disposition).toBe('restock');
    expect(propose('B', 'no_longer_needed', 'electronics').disposition).toBe('refurbish');
    expect(propose('C', 'no_longer_needed', 'electronics').disposition).toBe('refurbish');
    expect(propose('C', 'size_or_fit', 'apparel').disposition).toBe('donate');
  });
});
