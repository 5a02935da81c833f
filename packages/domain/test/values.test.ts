import { describe, expect, test } from 'vitest';
import { CommandId, LocationId, Quantity, Sku } from '../src/index.ts';

describe('values', () => {
  test('[Q1] a quantity is a whole number from 1 to 100,000', () => {
    for (const good of [1, 2, 100_000]) expect(Quantity.safeParse(good).success, String(good)).toBe(true);
    for (const bad of [0, -1, 1.5, 100_001, Number.NaN, '2']) expect(Quantity.safeParse(bad).success, String(bad)).toBe(false);
  });

  test('[ID1] ids are non-empty strings; SKUs have a safe alphabet; command ids are UUIDs', () => {
    expect(LocationId.safeParse('store-1').success).toBe(true);
    expect(LocationId.safeParse('').success).toBe(false);
    expect(Sku.safeParse('MUG-01.blue_L').success).toBe(true);
    for (const bad of ['', ' MUG', 'MUG 01', '-MUG', 'x'.repeat(65)]) expect(Sku.safeParse(bad).success, bad).toBe(false);
    expect(CommandId.safeParse('0190e7a0-0000-7000-8000-000000000000').success).toBe(true);
    expect(CommandId.safeParse('not-a-uuid').success).toBe(false);
  });
});
