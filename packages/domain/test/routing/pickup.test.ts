import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { routeOrder } from '../../src/routing/route-order.ts';
import { location, makeInput, NETWORK, pick, ship, shippedFrom } from './fixtures.ts';

const store = (id: string, lat: number, lon: number) =>
  location(id, { kind: 'store', address: { country: 'NL', geo: { lat, lon } }, capabilities: ['pickup', 'ship_from_store'], handlingCostPerOrder: 400, handlingCostPerUnit: 50 });
const STORES = [store('store-haarlem', 52.38, 4.64), store('store-zaandam', 52.44, 4.83), store('store-utrecht', 52.09, 5.11)];
const locations = [...NETWORK, ...STORES];

describe('pickup lines', () => {
  test('[RT20] pickup lines stay at the chosen store even when shipping from elsewhere would be cheaper', () => {
    const d = routeOrder(
      makeInput({
        locations,
        lines: [pick('p1', 'MUG', 1), pick('p2', 'TEA', 2)],
        order: { pickupLocationId: 'store-zaandam' },
        stock: { 'store-zaandam': { MUG: 1, TEA: 2 }, 'store-ams': { MUG: 5, TEA: 5 }, 'wh-utrecht': { MUG: 9, TEA: 9 } },
      }),
    );
    expect(d.pickup).toEqual({
      locationId: 'store-zaandam',
      lines: [
        { lineId: 'p1', sku: 'MUG', quantity: 1 },
        { lineId: 'p2', sku: 'TEA', quantity: 2 },
      ],
      handlingMinor: 400 + 3 * 50,
    });
    expect(d.shipments).toEqual([]);
    expect(d.pickupIssues).toEqual([]);
    expect(d.pickupAlternatives).toBeNull();
    expect(d.outcome).toBe('fully_routed');
  });

  test('[RT20] the pickup takes its units from the store before any ship line can', () => {
    const d = routeOrder(
      makeInput({
        lines: [ship('l1', 'MUG', 1), pick('p1', 'MUG', 1)],
        order: { pickupLocationId: 'store-ams' },
        stock: { 'store-ams': { MUG: 1 }, 'wh-rotterdam': { MUG: 1 } },
      }),
    );
    expect(d.pickup?.lines).toEqual([{ lineId: 'p1', sku: 'MUG', quantity: 1 }]);
    expect(shippedFrom(d)).toEqual(['wh-rotterdam']);
  });

  test('[RT21] a line the store cannot fill is not moved: it is an issue with the nearest stores, ship-to-home and waiting as choices', () => {
    const d = routeOrder(
      makeInput({
        locations,
        lines: [pick('p1', 'MUG', 2), pick('p2', 'TEA', 1)],
        order: { pickupLocationId: 'store-ams' },
        stock: {
          'store-ams': { MUG: [1, 3], TEA: 1 },
          'store-utrecht': { MUG: 2 },
          'store-haarlem': { MUG: 5 },
          'store-zaandam': { MUG: 1 },
          'wh-utrecht': { MUG: 2 },
        },
      }),
    );
    expect(d.pickup?.lines.map((l) => l.lineId)).toEqual(['p2']);
    expect(d.pickupIssues).toEqual([
      { lineId: 'p1', sku: 'MUG', quantity: 2, reason: 'insufficient_stock_at_store', detail: 'store-ams has 1 usable, 2 needed' },
    ]);
    // Nowhere else does the line appear: not shipped, not backordered, not queued.
    expect(d.shipments).toEqual([]);
    expect(d.backorders).toEqual([]);
    expect(d.unfillable).toEqual([]);
    expect(d.outcome).toBe('partially_routed');

    const alt = d.pickupAlternatives!;
    // Zaandam (9 km) has too little; Haarlem (16 km) before Utrecht (34 km).
    expect(alt.stores.map((s) => [s.locationId, s.lineIds])).toEqual([
      ['store-haarlem', ['p1']],
      ['store-utrecht', ['p1']],
    ]);
    expect(alt.stores[0]!.distanceKm!).toBeLessThan(alt.stores[1]!.distanceKm!);
    expect(alt.waitForInbound).toEqual({ locationId: 'store-ams', lineIds: ['p1'] });
    expect(alt.shipToHome?.lineIds).toEqual(['p1']);
    expect(alt.shipToHome?.shipments.map((s) => s.locationId)).toEqual(['wh-utrecht']);
    expect(alt.shipToHome?.totalMinor).toBe(500 + 200 + 2 * 10);
  });

  test('[RT21] at most `pickupAlternatives` stores are offered', () => {
    const d = routeOrder(
      makeInput({
        locations,
        lines: [pick('p1', 'MUG', 1)],
        order: { pickupLocationId: 'store-ams' },
        stock: { 'store-utrecht': { MUG: 2 }, 'store-haarlem': { MUG: 5 }, 'store-zaandam': { MUG: 1 } },
        policy: { options: { pickupAlternatives: 2 } },
      }),
    );
    expect(d.pickupAlternatives?.stores.map((s) => s.locationId)).toEqual(['store-zaandam', 'store-haarlem']);
    expect(d.pickupIssues[0]?.reason).toBe('insufficient_stock_at_store');
  });

  test('[RT21] an unavailable or missing pickup store makes every pickup line an issue with the reason', () => {
    const stock = { 'store-ams': { MUG: 5 }, 'store-haarlem': { MUG: 5 } };
    const excluded = routeOrder(
      makeInput({ locations, lines: [pick('p1', 'MUG', 1)], order: { pickupLocationId: 'store-ams' }, stock, context: { excludedLocationIds: ['store-ams'] } }),
    );
    expect(excluded.pickup).toBeNull();
    expect(excluded.pickupIssues.map((i) => [i.reason, i.detail])).toEqual([['pickup_location_unavailable', 'store-ams: excluded (excluded for this routing run)']]);
    expect(excluded.pickupAlternatives?.stores.map((s) => s.locationId)).toEqual(['store-haarlem']);
    expect(excluded.outcome).toBe('not_routed');

    const unknown = routeOrder(makeInput({ locations, lines: [pick('p1', 'MUG', 1)], order: { pickupLocationId: 'store-gone' }, stock }));
    expect(unknown.pickupIssues[0]?.reason).toBe('pickup_location_unavailable');

    const none = routeOrder(makeInput({ locations, lines: [pick('p1', 'MUG', 1)], stock, order: { shipTo: undefined } }));
    expect(none.pickupIssues[0]?.reason).toBe('no_pickup_location');
    // Without a ship-to there is nothing to quote for home delivery.
    expect(none.pickupAlternatives?.shipToHome).toBeNull();
  });

  test('[RT15] property: pickup and shipments together never take more than ATP minus safety stock at any location', () => {
    const ids = locations.map((l) => l.id as string);
    fc.assert(
      fc.property(
        fc.array(fc.record({ pickup: fc.boolean(), sku: fc.constantFrom('A', 'B'), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: ids.length, maxLength: ids.length }),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        (lines, units, safety, splitLines) => {
          const stock = Object.fromEntries(ids.map((id, i) => [id, { A: units[i]![0], B: units[i]![1] }]));
          const d = routeOrder(
            makeInput({
              locations,
              lines: lines.map((l, i) => (l.pickup ? pick(`l${i}`, l.sku, l.quantity) : ship(`l${i}`, l.sku, l.quantity))),
              order: { pickupLocationId: 'store-ams' },
              stock,
              policy: { filters: { brokeringSafetyStock: { enabled: true, units: safety } }, options: { splitLines } },
            }),
          );
          const given = new Map<string, number>();
          const add = (loc: string, sku: string, q: number) => given.set(`${loc}/${sku}`, (given.get(`${loc}/${sku}`) ?? 0) + q);
          for (const s of d.shipments) for (const l of s.lines) add(s.locationId, l.sku, l.quantity);
          for (const l of d.pickup?.lines ?? []) add(d.pickup!.locationId, l.sku, l.quantity);
          for (const [k, q] of given) {
            const [loc, sku] = k.split('/') as [string, 'A' | 'B'];
            expect(q).toBeLessThanOrEqual(Math.max(0, stock[loc]![sku] - safety));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
