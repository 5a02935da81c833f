import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RoutingDecision } from '../../src/routing/decision.ts';
import { RouteOrderInput } from '../../src/routing/input.ts';
import { routeOrder } from '../../src/routing/route-order.ts';
import { makeInput, pick, ship } from './fixtures.ts';

const busyInput = () =>
  makeInput({
    lines: [ship('l1', 'MUG', 3), ship('l2', 'TEA', 2), ship('l3', 'CUP', 1), pick('p1', 'MUG', 1)],
    order: { pickupLocationId: 'store-ams' },
    stock: {
      'store-ams': { MUG: 2, TEA: 1 },
      'wh-utrecht': { MUG: 2, TEA: 1, CUP: [0, 4] },
      'wh-rotterdam': { MUG: 3, TEA: 2 },
      'drop-paris': { CUP: 1 },
      'wh-berlin': { MUG: 9, TEA: 9 },
    },
    context: { rejectingLocationIds: ['wh-berlin'] },
    policy: { cost: { capacityUtilisationWeightMinor: 50, priorityWeightMinor: 5 } },
  });

describe('decision and explanation', () => {
  test('[RT23] every decision carries the filters, a score for every remaining candidate, the plan and its total, and the policy', () => {
    const d = routeOrder(busyInput());
    expect(d.policy).toEqual({ id: 'policy-default', version: 1 });
    expect(d.decidedAt).toBe('2026-11-27T10:00:00.000Z');
    expect(d.explanation.filters.ship).toHaveLength(7);
    expect(d.explanation.filters.pickup).toHaveLength(5);
    const removed = new Set(d.explanation.filters.ship.flatMap((s) => s.removed.map((r) => r.locationId)));
    for (const c of d.explanation.candidates) {
      expect(removed.has(c.locationId)).toBe(false);
      const t = c.cost;
      expect(t.totalMinor).toBe(t.shippingMinor + t.handlingOrderMinor + t.handlingUnitsMinor + t.capacityMinor + t.priorityMinor + t.cutoffPenaltyMinor);
    }
    expect(d.explanation.candidates.filter((c) => c.chosen).map((c) => c.locationId)).toEqual(d.shipments.map((s) => s.locationId));
    expect(d.totals.totalMinor).toBe(d.totals.shipmentsMinor + d.totals.splitPenaltyMinor + d.totals.pickupHandlingMinor);
    expect(d.explanation.search.foundBy).not.toBe('none');
    expect(d.explanation.search.evaluations).toBeGreaterThan(0);
    // Berlin rejected the order before; the store's one spare MUG after the pickup makes it a (losing) candidate.
    expect(d.explanation.candidates.map((c) => [c.locationId, c.coverableUnits, c.chosen])).toEqual([
      ['drop-paris', 1, true],
      ['store-ams', 2, false],
      ['wh-rotterdam', 5, true],
      ['wh-utrecht', 3, false],
    ]);
    expect(d.explanation.geo).toEqual({ source: 'address', point: { lat: 52.37, lon: 4.9 }, fallbackUsed: false, locationsOnFallback: [] });
  });

  test('[RT23] the decision is plain JSON that its schema accepts', () => {
    const d = routeOrder(busyInput());
    const wire = JSON.parse(JSON.stringify(d));
    expect(RoutingDecision.parse(wire)).toEqual(d);
  });

  test('[RT24] property: the decision does not depend on the order locations and availability are listed in', () => {
    const input = busyInput();
    const reference = routeOrder(input);
    fc.assert(
      fc.property(fc.shuffledSubarray(input.locations, { minLength: input.locations.length }), fc.shuffledSubarray(input.availability, { minLength: input.availability.length }), (locations, availability) => {
        expect(routeOrder({ ...input, locations, availability })).toEqual(reference);
      }),
      { numRuns: 50 },
    );
  });

  test('[RT25] routing leaves its input untouched', () => {
    const input = busyInput();
    const before = structuredClone(input);
    const frozen = deepFreeze(structuredClone(input));
    expect(() => routeOrder(frozen)).not.toThrow();
    routeOrder(input);
    expect(input).toEqual(before);
    expect(RouteOrderInput.parse(JSON.parse(JSON.stringify(input)))).toEqual(before);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
