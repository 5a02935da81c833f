import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { haversineKm, zoneCostMinor } from '../../src/routing/geo.ts';
import { routeOrder } from '../../src/routing/route-order.ts';
import { location, makeInput, makePolicy, NETWORK, pick, ship, shippedFrom } from './fixtures.ts';

describe('geo and cost model', () => {
  test('[RT11] a ship-to without coordinates is placed by the longest postal prefix, else its region, and the decision says so', () => {
    const geoFallback = {
      postalPrefixes: [
        { country: 'NL', prefix: '10', geo: { lat: 52.0, lon: 5.0 } },
        { country: 'NL', prefix: '1011', geo: { lat: 52.372, lon: 4.902 } },
        { country: 'BE', prefix: '1011', geo: { lat: 50.85, lon: 4.35 } },
      ],
      regions: [{ country: 'NL', region: 'Noord-Holland', geo: { lat: 52.5, lon: 4.8 } }],
    };
    const stock = { 'wh-utrecht': { MUG: 1 } };
    const postal = routeOrder(makeInput({ stock, order: { shipTo: { country: 'NL', postalCode: '1011 ab', region: 'Noord-Holland' } }, policy: { geoFallback } }));
    expect(postal.explanation.geo).toMatchObject({ source: 'postal_prefix', point: { lat: 52.372, lon: 4.902 }, fallbackUsed: true });
    const region = routeOrder(makeInput({ stock, order: { shipTo: { country: 'NL', postalCode: '9999', region: 'noord-holland' } }, policy: { geoFallback } }));
    expect(region.explanation.geo).toMatchObject({ source: 'region', point: { lat: 52.5, lon: 4.8 }, fallbackUsed: true });
    const none = routeOrder(makeInput({ stock, order: { shipTo: { country: 'DE', postalCode: '1011' } }, policy: { geoFallback } }));
    expect(none.explanation.geo).toMatchObject({ source: 'none', point: null, fallbackUsed: false });
    const exact = routeOrder(makeInput({ stock, policy: { geoFallback } }));
    expect(exact.explanation.geo).toMatchObject({ source: 'address', fallbackUsed: false });
  });

  test('[RT11] a location without coordinates is placed the same way and listed as such', () => {
    const locations = [location('wh-a', { address: { country: 'NL', region: 'Utrecht' } })];
    const d = routeOrder(
      makeInput({
        locations,
        stock: { 'wh-a': { MUG: 1 } },
        policy: { geoFallback: { regions: [{ country: 'NL', region: 'Utrecht', geo: { lat: 52.09, lon: 5.12 } }] } },
      }),
    );
    expect(d.explanation.geo.locationsOnFallback).toEqual(['wh-a']);
    expect(d.shipments[0]?.distanceKm).toBeCloseTo(34.55, 1);
  });

  test('[RT12] a distance is priced by the first zone that reaches it; beyond the last zone, or unknown, by the last', () => {
    const zones = makePolicy().cost.distanceZones;
    expect(zoneCostMinor(zones, 0)).toBe(500);
    expect(zoneCostMinor(zones, 50)).toBe(500);
    expect(zoneCostMinor(zones, 50.001)).toBe(800);
    expect(zoneCostMinor(zones, 999)).toBe(1500);
    expect(zoneCostMinor(zones, 5000)).toBe(1500);
    expect(zoneCostMinor(zones, null)).toBe(1500);
    // Amsterdam–Utrecht, as the crow flies.
    expect(haversineKm({ lat: 52.37, lon: 4.9 }, { lat: 52.09, lon: 5.12 })).toBeCloseTo(34.55, 1);
  });

  test('[RT13] a shipment costs zone shipping + handling per order and per unit + capacity and priority terms, in whole minor units', () => {
    const locations = [location('wh-a', { dailyCapacity: 30, usedCapacityToday: 10, priority: 2 })];
    const d = routeOrder(
      makeInput({
        locations,
        lines: [ship('l1', 'MUG', 2), ship('l2', 'TEA', 1)],
        stock: { 'wh-a': { MUG: 5, TEA: 5 } },
        policy: { cost: { capacityUtilisationWeightMinor: 100, priorityWeightMinor: 15 } },
      }),
    );
    expect(d.shipments[0]?.cost).toEqual({
      shippingMinor: 500,
      handlingOrderMinor: 200,
      handlingUnitsMinor: 30,
      capacityMinor: 37, // round(100 × 11 / 30)
      priorityMinor: 30,
      cutoffPenaltyMinor: 0,
      totalMinor: 797,
    });
    expect(d.totals).toEqual({ shipmentsMinor: 797, splitPenaltyMinor: 0, pickupHandlingMinor: 0, totalMinor: 797 });
  });

  test('[RT13] the total adds the split penalty per extra shipment and the pickup handling', () => {
    const d = routeOrder(
      makeInput({
        lines: [ship('l1', 'MUG', 1), ship('l2', 'TEA', 1), pick('p1', 'CUP', 2)],
        order: { pickupLocationId: 'store-ams' },
        stock: { 'wh-utrecht': { MUG: 1 }, 'wh-rotterdam': { TEA: 1 }, 'store-ams': { CUP: 2 } },
      }),
    );
    expect(shippedFrom(d)).toEqual(['wh-rotterdam', 'wh-utrecht']);
    const shipmentsMinor = d.shipments.reduce((s, x) => s + x.cost.totalMinor, 0);
    expect(shipmentsMinor).toBe(800 + 200 + 10 + (500 + 200 + 10));
    expect(d.totals).toEqual({
      shipmentsMinor,
      splitPenaltyMinor: 300,
      pickupHandlingMinor: 400 + 2 * 50,
      totalMinor: shipmentsMinor + 300 + 500,
    });
    for (const s of d.shipments) {
      const c = s.cost;
      expect(c.totalMinor).toBe(c.shippingMinor + c.handlingOrderMinor + c.handlingUnitsMinor + c.capacityMinor + c.priorityMinor + c.cutoffPenaltyMinor);
    }
  });
});

describe('search and options', () => {
  test('[RT14] filling every unit comes before cost: a dearer location that has it all beats a cheap partial one', () => {
    const d = routeOrder(makeInput({ lines: [ship('l1', 'MUG', 2)], stock: { 'wh-utrecht': { MUG: 1 }, 'wh-berlin': { MUG: 2 } }, policy: { options: { maxSplits: 0 } } }));
    expect(shippedFrom(d)).toEqual(['wh-berlin']);
    expect(d.outcome).toBe('fully_routed');
  });

  test('[RT14] among equal plans the lower location id wins, whatever order the locations came in', () => {
    const twins = [location('wh-b'), location('wh-a')];
    const stock = { 'wh-a': { MUG: 1 }, 'wh-b': { MUG: 1 } };
    expect(shippedFrom(routeOrder(makeInput({ locations: twins, stock })))).toEqual(['wh-a']);
    expect(shippedFrom(routeOrder(makeInput({ locations: [...twins].reverse(), stock })))).toEqual(['wh-a']);
  });

  test('[RT17] max splits caps the ship-from locations at 1 + maxSplits; what it leaves out says split_limit', () => {
    const lines = [ship('l1', 'MUG', 1), ship('l2', 'TEA', 1), ship('l3', 'CUP', 1)];
    const stock = { 'wh-utrecht': { MUG: 1 }, 'wh-rotterdam': { TEA: 1 }, 'wh-berlin': { CUP: 1 } };
    for (const maxSplits of [0, 1, 2]) {
      const d = routeOrder(makeInput({ lines, stock, policy: { options: { maxSplits } } }));
      expect(d.shipments).toHaveLength(maxSplits + 1);
      expect(d.unfillable.map((u) => u.reason)).toEqual(Array(2 - maxSplits).fill('split_limit'));
    }
  });

  test('[RT18] with split lines one line may come from several locations; without, each line comes whole from one', () => {
    const stock = { 'wh-utrecht': { MUG: 2 }, 'wh-rotterdam': { MUG: 2 } };
    const split = routeOrder(makeInput({ lines: [ship('l1', 'MUG', 3)], stock }));
    expect(split.shipments.map((s) => [s.locationId, s.lines[0]?.quantity])).toEqual([
      ['wh-rotterdam', 1],
      ['wh-utrecht', 2],
    ]);
    const whole = routeOrder(makeInput({ lines: [ship('l1', 'MUG', 3), ship('l2', 'MUG', 1)], stock, policy: { options: { splitLines: false } } }));
    expect(whole.unfillable.map((u) => [u.lineId, u.quantity, u.reason])).toEqual([['l1', 3, 'insufficient_stock']]);
    expect(whole.shipments.flatMap((s) => s.lines)).toEqual([{ lineId: 'l2', sku: 'MUG', quantity: 1 }]);
  });

  test('[RT18] property: without split lines every line is shipped whole from one location or not at all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 5, maxLength: 5 }),
        (quantities, units) => {
          const ids = NETWORK.map((l) => l.id as string);
          const stock = Object.fromEntries(ids.map((id, i) => [id, { MUG: units[i]! }]));
          const d = routeOrder(
            makeInput({ lines: quantities.map((q, i) => ship(`l${i}`, 'MUG', q)), stock, policy: { options: { splitLines: false, maxSplits: 4 } } }),
          );
          quantities.forEach((q, i) => {
            const parts = d.shipments.flatMap((s) => s.lines).filter((l) => l.lineId === `l${i}`);
            expect(parts.length).toBeLessThanOrEqual(1);
            if (parts[0]) expect(parts[0].quantity).toBe(q);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  test('[RT19] ship-complete sends every ship line in one shipment from one location', () => {
    const lines = [ship('l1', 'MUG', 1), ship('l2', 'TEA', 1)];
    const stock = { 'wh-utrecht': { MUG: 1 }, 'wh-rotterdam': { TEA: 1 }, 'wh-berlin': { MUG: 1, TEA: 1 } };
    const split = routeOrder(makeInput({ lines, stock, policy: { cost: { distanceZones: [{ upToKm: 100, costMinor: 100 }, { upToKm: 1000, costMinor: 5000 }] } } }));
    expect(shippedFrom(split)).toEqual(['wh-rotterdam', 'wh-utrecht']);
    const complete = routeOrder(
      makeInput({
        lines,
        stock,
        policy: { options: { shipComplete: true }, cost: { distanceZones: [{ upToKm: 100, costMinor: 100 }, { upToKm: 1000, costMinor: 5000 }] } },
      }),
    );
    expect(shippedFrom(complete)).toEqual(['wh-berlin']);
    expect(complete.shipments[0]?.lines.map((l) => l.lineId)).toEqual(['l1', 'l2']);
  });

  test('[RT19] when no location can ship it all now, ship-complete holds every ship line: backordered together, or unfillable', () => {
    const lines = [ship('l1', 'MUG', 1), ship('l2', 'TEA', 2)];
    const policy = { options: { shipComplete: true } };
    const wait = routeOrder(makeInput({ lines, policy, stock: { 'wh-utrecht': { MUG: 1, TEA: [1, 4] }, 'wh-rotterdam': { TEA: 2 } } }));
    expect(wait.shipments).toEqual([]);
    expect(wait.backorders.map((b) => [b.lineId, b.locationId, b.quantity, b.inboundUnits, b.reason])).toEqual([
      ['l1', 'wh-utrecht', 1, 0, 'ship_complete'],
      ['l2', 'wh-utrecht', 2, 1, 'ship_complete'],
    ]);
    const never = routeOrder(makeInput({ lines, policy, stock: { 'wh-utrecht': { MUG: 1 }, 'wh-rotterdam': { TEA: 2 } } }));
    expect(never.shipments).toEqual([]);
    expect(never.unfillable.map((u) => [u.lineId, u.reason])).toEqual([
      ['l1', 'ship_complete'],
      ['l2', 'ship_complete'],
    ]);
    expect(never.outcome).toBe('not_routed');
  });
});
