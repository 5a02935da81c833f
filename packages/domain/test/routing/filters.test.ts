import { describe, expect, test } from 'vitest';
import { ROUTING_FILTERS } from '../../src/routing/decision.ts';
import { routeOrder } from '../../src/routing/route-order.ts';
import { location, makeInput, NETWORK, pick, removedBy, ship, shippedFrom } from './fixtures.ts';

const everywhere = (sku: string, units: number) =>
  Object.fromEntries(['store-ams', 'wh-utrecht', 'wh-rotterdam', 'drop-paris', 'wh-berlin'].map((id) => [id, { [sku]: units }]));

describe('routing filters', () => {
  test('[RT3] ship filters run in the fixed order and every location is either removed once, with a reason, or scored', () => {
    const d = routeOrder(
      makeInput({
        stock: { ...everywhere('MUG', 5), 'wh-rotterdam': {} },
        context: { excludedLocationIds: ['wh-berlin'] },
        policy: { filters: { maxDistance: { enabled: true, maxKm: 100 } } },
        locations: NETWORK.map((l) => (l.id === 'store-ams' ? { ...l, capabilities: ['pickup'] } : l)),
      }),
    );
    expect(d.explanation.filters.ship.map((s) => s.filter)).toEqual([...ROUTING_FILTERS]);
    const removals = d.explanation.filters.ship.flatMap((s) => s.removed);
    for (const r of removals) {
      expect(r.reason).toBeTruthy();
      expect(r.detail.length).toBeGreaterThan(0);
    }
    const removedIds = removals.map((r) => r.locationId);
    expect(new Set(removedIds).size).toBe(removedIds.length);
    const scored = d.explanation.candidates.map((c) => c.locationId);
    expect([...removedIds, ...scored].sort()).toEqual(NETWORK.map((l) => l.id).sort());
    // The first filter to object wins: Berlin is excluded before distance could call it too far.
    expect(removedBy(d, 'exclusion')).toEqual({ 'wh-berlin': 'excluded' });
    expect(removedBy(d, 'max_distance')).toEqual({ 'drop-paris': 'too_far' });
    expect(removedBy(d, 'capability')).toEqual({ 'store-ams': 'lacks_capability' });
    expect(removedBy(d, 'safety_stock')).toEqual({ 'wh-rotterdam': 'no_usable_stock' });
  });

  test('[RT3] pickup lines pass capability, channel, exclusion, stock and capacity, but not distance or cut-off', () => {
    const d = routeOrder(makeInput({ lines: [pick('p1', 'MUG', 1)], order: { pickupLocationId: 'store-ams' }, stock: everywhere('MUG', 2) }));
    expect(d.explanation.filters.pickup.map((s) => s.filter)).toEqual(['capability', 'channel', 'exclusion', 'safety_stock', 'capacity']);
    expect(d.explanation.filters.ship).toEqual([]);
  });

  test('[RT4] a store ships only with ship_from_store; warehouses and suppliers need ship', () => {
    const locations = [
      location('store-a', { kind: 'store', capabilities: ['pickup', 'ship'] }),
      location('store-b', { kind: 'store', capabilities: ['ship_from_store'] }),
      location('wh-a', { capabilities: ['pickup'] }),
      location('wh-b', { capabilities: ['ship'] }),
      location('drop-a', { kind: 'dropship', capabilities: ['ship'] }),
    ];
    const stock = Object.fromEntries(locations.map((l) => [l.id as string, { MUG: 1 }]));
    const d = routeOrder(makeInput({ locations, stock }));
    expect(removedBy(d, 'capability')).toEqual({ 'store-a': 'lacks_capability', 'wh-a': 'lacks_capability' });
    expect(d.explanation.candidates.map((c) => c.locationId)).toEqual(['drop-a', 'store-b', 'wh-b']);
  });

  test('[RT4] pickup needs pickup, and curbside when the customer asked for it', () => {
    const locations = [
      location('store-a', { kind: 'store', capabilities: ['pickup'] }),
      location('store-b', { kind: 'store', capabilities: ['pickup', 'curbside'] }),
      location('wh-a', { capabilities: ['ship'] }),
    ];
    const stock = { 'store-a': { MUG: 1 }, 'store-b': { MUG: 1 }, 'wh-a': { MUG: 1 } };
    const counter = routeOrder(makeInput({ locations, stock, lines: [pick('p1', 'MUG', 1)], order: { pickupLocationId: 'store-a' } }));
    expect(removedBy(counter, 'capability', 'pickup')).toEqual({ 'wh-a': 'lacks_capability' });
    expect(counter.pickup?.locationId).toBe('store-a');
    const kerb = routeOrder(
      makeInput({ locations, stock, lines: [pick('p1', 'MUG', 1)], order: { pickupLocationId: 'store-a', curbside: true } }),
    );
    expect(removedBy(kerb, 'capability', 'pickup')).toEqual({ 'store-a': 'lacks_capability', 'wh-a': 'lacks_capability' });
    expect(kerb.pickup).toBeNull();
    expect(kerb.pickupIssues[0]?.reason).toBe('pickup_location_unavailable');
  });

  test('[RT5] a location with eligible channels serves only those; the policy can switch the check off', () => {
    const locations = NETWORK.map((l) => (l.id === 'wh-utrecht' ? { ...l, eligibleChannels: ['marketplace'] } : l));
    const stock = { 'wh-utrecht': { MUG: 3 }, 'wh-rotterdam': { MUG: 3 } };
    const on = routeOrder(makeInput({ locations, stock }));
    expect(removedBy(on, 'channel')).toEqual({ 'wh-utrecht': 'channel_not_eligible' });
    expect(shippedFrom(on)).toEqual(['wh-rotterdam']);
    const off = routeOrder(makeInput({ locations, stock, policy: { filters: { channelEligibility: { enabled: false } } } }));
    expect(off.explanation.filters.ship.find((s) => s.filter === 'channel')?.enabled).toBe(false);
    expect(shippedFrom(off)).toEqual(['wh-utrecht']);
  });

  test('[RT6] excluded locations and locations that rejected the order are removed, each with its own reason', () => {
    const stock = { 'wh-utrecht': { MUG: 3 }, 'wh-rotterdam': { MUG: 3 }, 'wh-berlin': { MUG: 3 } };
    const first = routeOrder(makeInput({ stock }));
    expect(shippedFrom(first)).toEqual(['wh-utrecht']);
    const reroute = routeOrder(makeInput({ stock, context: { rejectingLocationIds: ['wh-utrecht'], excludedLocationIds: ['wh-rotterdam'] } }));
    expect(removedBy(reroute, 'exclusion')).toEqual({ 'wh-utrecht': 'rejected_order', 'wh-rotterdam': 'excluded' });
    expect(shippedFrom(reroute)).toEqual(['wh-berlin']);
    // No policy can switch it off.
    expect(reroute.explanation.filters.ship.find((s) => s.filter === 'exclusion')?.enabled).toBe(true);
  });

  test('[RT7] ship candidates beyond the maximum distance are removed; so is a location that cannot be located', () => {
    const locations = [...NETWORK, location('wh-nowhere', { address: { country: 'BE' } })];
    const stock = { ...everywhere('MUG', 2), 'wh-nowhere': { MUG: 2 } };
    const d = routeOrder(makeInput({ locations, stock, policy: { filters: { maxDistance: { enabled: true, maxKm: 100 } } } }));
    expect(removedBy(d, 'max_distance')).toEqual({
      'drop-paris': 'too_far',
      'wh-berlin': 'too_far',
      'wh-nowhere': 'location_geo_unknown',
    });
    const off = routeOrder(makeInput({ locations, stock, policy: { filters: { maxDistance: { enabled: false, maxKm: 100 } } } }));
    expect(removedBy(off, 'max_distance')).toEqual({});
  });

  test('[RT7] with an unlocatable ship-to the distance filter removes nothing, says why, and shipping is priced at the last zone', () => {
    const d = routeOrder(
      makeInput({
        stock: { 'wh-utrecht': { MUG: 1 } },
        order: { shipTo: { country: 'NL', postalCode: '9999 ZZ' } },
        policy: { filters: { maxDistance: { enabled: true, maxKm: 10 } } },
      }),
    );
    const step = d.explanation.filters.ship.find((s) => s.filter === 'max_distance')!;
    expect(step.removed).toEqual([]);
    expect(step.note).toMatch(/could not be located/);
    expect(d.shipments[0]?.distanceKm).toBeNull();
    expect(d.shipments[0]?.cost.shippingMinor).toBe(1500);
  });

  test('[RT8] brokering safety stock is held back: a location must cover a line from ATP minus the safety units', () => {
    const stock = { 'wh-utrecht': { MUG: 3 }, 'wh-berlin': { MUG: 10 } };
    const held = { filters: { brokeringSafetyStock: { enabled: true, units: 2 } } };
    const whole = routeOrder(makeInput({ stock, lines: [ship('l1', 'MUG', 2)], policy: { ...held, options: { splitLines: false } } }));
    expect(removedBy(whole, 'safety_stock')).toMatchObject({ 'wh-utrecht': 'no_usable_stock' });
    expect(shippedFrom(whole)).toEqual(['wh-berlin']);
    // With split lines Utrecht may still give its one usable unit, never the two held back.
    const split = routeOrder(
      makeInput({ stock: { 'wh-utrecht': { MUG: 3 }, 'wh-berlin': { MUG: 3 } }, lines: [ship('l1', 'MUG', 3)], policy: held }),
    );
    expect(removedBy(split, 'safety_stock')).not.toHaveProperty('wh-utrecht');
    const fromUtrecht = split.shipments.find((s) => s.locationId === 'wh-utrecht');
    expect(fromUtrecht?.lines[0]?.quantity ?? 0).toBeLessThanOrEqual(1);
    expect(split.shipments.flatMap((s) => s.lines).reduce((n, l) => n + l.quantity, 0)).toBe(2);
    const off = routeOrder(makeInput({ stock, lines: [ship('l1', 'MUG', 2)], policy: { options: { splitLines: false } } }));
    expect(shippedFrom(off)).toEqual(['wh-utrecht']);
  });

  test('[RT9] a location with no order slot left today is removed; a pickup at the same store takes a slot first', () => {
    const stock = { 'wh-utrecht': { MUG: 3 }, 'wh-rotterdam': { MUG: 3 }, 'store-ams': { MUG: 5 } };
    const locations = NETWORK.map((l) =>
      l.id === 'wh-utrecht' ? { ...l, dailyCapacity: 40, usedCapacityToday: 40 } : l.id === 'store-ams' ? { ...l, dailyCapacity: 10, usedCapacityToday: 9 } : l,
    );
    const d = routeOrder(makeInput({ locations, stock }));
    expect(removedBy(d, 'capacity')).toEqual({ 'wh-utrecht': 'at_capacity' });
    expect(shippedFrom(d)).toEqual(['store-ams']);

    const withPickup = routeOrder(
      makeInput({ locations, stock, lines: [ship('l1', 'MUG', 1), pick('p1', 'MUG', 1)], order: { pickupLocationId: 'store-ams' } }),
    );
    expect(withPickup.pickup?.locationId).toBe('store-ams');
    expect(removedBy(withPickup, 'capacity')).toEqual({ 'wh-utrecht': 'at_capacity', 'store-ams': 'at_capacity' });
    expect(shippedFrom(withPickup)).toEqual(['wh-rotterdam']);

    const off = routeOrder(makeInput({ locations, stock, policy: { filters: { capacity: { enabled: false } } } }));
    expect(removedBy(off, 'capacity')).toEqual({});
  });

  test('[RT10] at or after its local carrier cut-off a location is filtered, judged in its own UTC offset', () => {
    const stock = { 'wh-utrecht': { MUG: 3 }, 'wh-rotterdam': { MUG: 3 } };
    // now is 10:00Z: 11:00 in Utrecht at UTC+1, against an 11:00 cut-off.
    const at = (utcOffsetMinutes: number) =>
      NETWORK.map((l) => (l.id === 'wh-utrecht' ? { ...l, carrierCutoff: { localMinutes: 11 * 60, utcOffsetMinutes } } : l));
    const late = routeOrder(makeInput({ locations: at(60), stock }));
    expect(removedBy(late, 'cutoff')).toEqual({ 'wh-utrecht': 'past_cutoff' });
    expect(shippedFrom(late)).toEqual(['wh-rotterdam']);
    const early = routeOrder(makeInput({ locations: at(59), stock }));
    expect(removedBy(early, 'cutoff')).toEqual({});
    expect(shippedFrom(early)).toEqual(['wh-utrecht']);
  });

  test('[RT10] in penalise mode a late location stays, charged the penalty per shipment, and may still win', () => {
    const stock = { 'wh-utrecht': { MUG: 3 }, 'wh-rotterdam': { MUG: 3 } };
    const locations = NETWORK.map((l) => (l.id === 'wh-utrecht' ? { ...l, carrierCutoff: { localMinutes: 600, utcOffsetMinutes: 60 } } : l));
    const penalise = (penaltyMinor: number) => ({ filters: { cutoff: { enabled: true, mode: 'penalise', penaltyMinor } } });
    const small = routeOrder(makeInput({ locations, stock, policy: penalise(100) }));
    const step = small.explanation.filters.ship.find((s) => s.filter === 'cutoff')!;
    expect(step.removed).toEqual([]);
    expect(step.penalised.map((p) => p.locationId)).toEqual(['wh-utrecht']);
    expect(shippedFrom(small)).toEqual(['wh-utrecht']);
    expect(small.shipments[0]?.cost.cutoffPenaltyMinor).toBe(100);
    const big = routeOrder(makeInput({ locations, stock, policy: penalise(1000) }));
    expect(shippedFrom(big)).toEqual(['wh-rotterdam']);
    expect(big.explanation.candidates.find((c) => c.locationId === 'wh-utrecht')?.cost.cutoffPenaltyMinor).toBe(1000);
  });
});
