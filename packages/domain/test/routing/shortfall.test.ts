import { describe, expect, test } from 'vitest';
import { routeOrder } from '../../src/routing/route-order.ts';
import { makeInput, NETWORK, ship } from './fixtures.ts';

const summary = (d: ReturnType<typeof routeOrder>) => ({
  shipped: d.shipments.flatMap((s) => s.lines.map((l) => [s.locationId, l.lineId, l.quantity])),
  backorders: d.backorders.map((b) => [b.lineId, b.quantity, b.locationId, b.inboundUnits, b.reason]),
  unfillable: d.unfillable.map((u) => [u.lineId, u.quantity, u.reason]),
});

describe('unfillable lines', () => {
  test('[RT22] units with no stock but inbound supply at an eligible location are backordered there', () => {
    const d = routeOrder(makeInput({ lines: [ship('l1', 'MUG', 3)], stock: { 'wh-rotterdam': { MUG: [0, 5] }, 'wh-berlin': { MUG: [0, 5] } } }));
    // Rotterdam is nearer than Berlin, so it is the cheaper place to wait.
    expect(summary(d)).toEqual({ shipped: [], backorders: [['l1', 3, 'wh-rotterdam', 3, 'insufficient_stock']], unfillable: [] });
    expect(d.backorders[0]?.detail).toContain('inbound');
    expect(d.outcome).toBe('not_routed');
  });

  test('[RT22] what ships now ships; the rest of the line waits for inbound stock', () => {
    const d = routeOrder(makeInput({ lines: [ship('l1', 'MUG', 3)], stock: { 'wh-utrecht': { MUG: [1, 2] } } }));
    expect(summary(d)).toEqual({
      shipped: [['wh-utrecht', 'l1', 1]],
      backorders: [['l1', 2, 'wh-utrecht', 2, 'insufficient_stock']],
      unfillable: [],
    });
    expect(d.outcome).toBe('partially_routed');
  });

  test('[RT22] inbound supply is promised once: a second line that needs the same units is unfillable', () => {
    const d = routeOrder(makeInput({ lines: [ship('l1', 'MUG', 3), ship('l2', 'MUG', 3)], stock: { 'wh-utrecht': { MUG: [0, 4] } } }));
    expect(summary(d)).toEqual({
      shipped: [],
      backorders: [['l1', 3, 'wh-utrecht', 3, 'insufficient_stock']],
      unfillable: [['l2', 3, 'insufficient_stock']],
    });
  });

  test('[RT22] inbound at a location the static filters removed does not count', () => {
    const d = routeOrder(
      makeInput({ lines: [ship('l1', 'MUG', 1)], stock: { 'wh-utrecht': { MUG: [0, 5] } }, context: { excludedLocationIds: ['wh-utrecht'] } }),
    );
    expect(summary(d).unfillable).toEqual([['l1', 1, 'insufficient_stock']]);
  });

  test('[RT22] each unfillable line says why', () => {
    const noAddress = routeOrder(makeInput({ stock: { 'wh-utrecht': { MUG: 1 } }, order: { shipTo: undefined } }));
    expect(summary(noAddress).unfillable).toEqual([['l1', 1, 'no_ship_to_address']]);

    const allExcluded = routeOrder(makeInput({ stock: { 'wh-utrecht': { MUG: 1 } }, context: { excludedLocationIds: NETWORK.map((l) => l.id) } }));
    expect(summary(allExcluded).unfillable).toEqual([['l1', 1, 'no_eligible_location']]);

    const full = NETWORK.map((l) => (l.id === 'wh-utrecht' ? { ...l, usedCapacityToday: 100 } : l));
    const busy = routeOrder(makeInput({ locations: full, stock: { 'wh-utrecht': { MUG: 1 } } }));
    expect(summary(busy).unfillable).toEqual([['l1', 1, 'unavailable_today']]);

    const split = routeOrder(
      makeInput({ lines: [ship('l1', 'MUG', 1), ship('l2', 'TEA', 1)], stock: { 'wh-utrecht': { MUG: 1 }, 'wh-berlin': { TEA: 1 } }, policy: { options: { maxSplits: 0 } } }),
    );
    expect(summary(split).unfillable).toEqual([['l2', 1, 'split_limit']]);

    const short = routeOrder(makeInput({ lines: [ship('l1', 'MUG', 4)], stock: { 'wh-utrecht': { MUG: 1 } } }));
    expect(summary(short).unfillable).toEqual([['l1', 3, 'insufficient_stock']]);
    expect(short.unfillable[0]?.detail.length).toBeGreaterThan(0);
  });
});
