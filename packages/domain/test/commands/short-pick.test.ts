import { describe, expect, test } from 'vitest';
import type { FloorCommandEvent } from '../../src/commands/command.ts';
import { ShortPickCommand } from '../../src/commands/short-pick.ts';
import { ctx, makeFloorOrder, pick, pickedOrder, refusalOf, run, shortAll, shortLine, stagedOrder } from '../fixtures.ts';

const ofType = <T extends FloorCommandEvent['type']>(events: FloorCommandEvent[], type: T) =>
  events.filter((e): e is Extract<FloorCommandEvent, { type: T }> => e.type === type);

describe('short pick', () => {
  test('[SP1] a line can be short-picked while picking; the whole order until it is packed or staged', () => {
    expect(refusalOf(makeFloorOrder(), shortLine('l1', 'damaged'))).toBeNull();
    expect(refusalOf(makeFloorOrder({ status: 'picking' }), shortLine('l1', 'damaged'))).toBeNull();
    expect(refusalOf(pickedOrder(), shortLine('l1', 'damaged'))).toBe('not_short_pickable');
    expect(refusalOf(pickedOrder(), shortAll('not_in_stock'))).toBeNull();
    expect(refusalOf(stagedOrder(), shortAll('not_in_stock'))).toBe('not_short_pickable');
    expect(refusalOf(makeFloorOrder({ status: 'cancelled' }), shortAll('customer_cancelled'))).toBe('not_short_pickable');
  });

  test('[SP1] only the four reasons parse', () => {
    const raw = { type: 'short_pick', fulfilmentOrderId: 'fo-1', scope: { kind: 'all' } };
    expect(ShortPickCommand.safeParse({ ...raw, reason: 'not_in_stock' }).success).toBe(true);
    expect(ShortPickCommand.safeParse({ ...raw, reason: 'too_busy' }).success).toBe(false);
  });

  test('[SP2] an unknown line is refused', () => {
    expect(refusalOf(makeFloorOrder(), shortLine('nope', 'damaged'))).toBe('line_not_found');
  });

  test('[SP3] a line with nothing open, or more units than are open, is refused', () => {
    const l2Picked = run(makeFloorOrder(), pick('l2')).state;
    expect(refusalOf(l2Picked, shortLine('l2', 'damaged'))).toBe('nothing_open');
    expect(refusalOf(makeFloorOrder(), shortLine('l1', 'damaged', 3))).toBe('quantity_exceeds_open');
    const onePicked = run(makeFloorOrder(), pick('l1')).state;
    expect(refusalOf(onePicked, shortLine('l1', 'damaged', 2))).toBe('quantity_exceeds_open');
    expect(refusalOf(onePicked, shortLine('l1', 'damaged', 1))).toBeNull();
  });

  test('[SP4] short units are booked on the line; without a quantity every open unit is short', () => {
    const onePicked = run(makeFloorOrder(), pick('l1')).state;
    const { state, events } = run(onePicked, shortLine('l1', 'not_found'));
    expect(state.lines[0]).toMatchObject({ picked: 1, shortPicked: 1 });
    expect(ofType(events, 'line_short_picked')).toEqual([
      { type: 'line_short_picked', fulfilmentOrderId: 'fo-1', lineId: 'l1', sku: 'MUG-01', quantity: 1, reason: 'not_found', at: ctx.now },
    ]);
    const cancelled = run(makeFloorOrder(), shortLine('l1', 'customer_cancelled', 1)).state;
    expect(cancelled.lines[0]).toMatchObject({ picked: 0, customerCancelled: 1 });
    expect(cancelled.lines[0]?.shortPicked).toBeUndefined();
  });

  test('[SP5] units the location cannot supply are rerouted elsewhere, excluding this location; customer cancellations are not', () => {
    const { events } = run(makeFloorOrder(), shortLine('l1', 'damaged', 2));
    expect(ofType(events, 'reroute_requested')).toEqual([
      {
        type: 'reroute_requested',
        fulfilmentOrderId: 'fo-1',
        orderId: 'ord-1',
        excludeLocationId: 'store-1',
        reason: 'damaged',
        lines: [{ lineId: 'l1', sku: 'MUG-01', quantity: 2 }],
        at: ctx.now,
      },
    ]);
    expect(ofType(run(makeFloorOrder(), shortLine('l1', 'customer_cancelled')).events, 'reroute_requested')).toEqual([]);
  });

  test('[SP6] not in stock zeroes the SKU and raises a count; not found only counts; damaged reports the units', () => {
    const notInStock = run(makeFloorOrder(), shortLine('l1', 'not_in_stock', 1)).events;
    expect(ofType(notInStock, 'stock_zero_requested')).toEqual([
      { type: 'stock_zero_requested', fulfilmentOrderId: 'fo-1', locationId: 'store-1', sku: 'MUG-01', at: ctx.now },
    ]);
    expect(ofType(notInStock, 'count_task_requested')).toMatchObject([{ sku: 'MUG-01', locationId: 'store-1', reason: 'not_in_stock' }]);

    const notFound = run(makeFloorOrder(), shortLine('l1', 'not_found', 1)).events;
    expect(ofType(notFound, 'stock_zero_requested')).toEqual([]);
    expect(ofType(notFound, 'count_task_requested')).toMatchObject([{ reason: 'not_found' }]);

    const damaged = run(makeFloorOrder(), shortLine('l1', 'damaged', 2)).events;
    expect(ofType(damaged, 'damaged_stock_reported')).toMatchObject([{ sku: 'MUG-01', quantity: 2 }]);
    expect(ofType(damaged, 'count_task_requested')).toEqual([]);
  });

  test('[SP7] where a line short leaves the order: picking, picked, rejected or cancelled', () => {
    expect(run(makeFloorOrder(), shortLine('l1', 'damaged', 1)).state.status).toBe('picking');
    expect(run(makeFloorOrder(), pick('l1', 2), shortLine('l2', 'not_in_stock')).state.status).toBe('picked');
    const allShort = run(makeFloorOrder(), shortLine('l1', 'not_in_stock'), shortLine('l2', 'customer_cancelled'));
    expect(allShort.state.status).toBe('rejected');
    const allCancelled = run(makeFloorOrder(), shortLine('l1', 'customer_cancelled'), shortLine('l2', 'customer_cancelled'));
    expect(allCancelled.state.status).toBe('cancelled');
    expect(ofType(allShort.events, 'fulfilment_order_status_changed').map((e) => e.to)).toEqual(['picking', 'rejected']);
  });

  test('[SP8] rejecting the whole order shorts what is open, puts back what was picked and reroutes all of it', () => {
    const onePicked = run(makeFloorOrder(), pick('l1')).state;
    const { state, events } = run(onePicked, shortAll('not_in_stock'));
    expect(state.status).toBe('rejected');
    expect(state.lines.map((l) => [l.picked, l.shortPicked])).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(ofType(events, 'restock_requested')).toMatchObject([{ reason: 'rejected', bin: null, lines: [{ lineId: 'l1', quantity: 1 }] }]);
    expect(ofType(events, 'reroute_requested')).toMatchObject([
      { excludeLocationId: 'store-1', lines: [{ lineId: 'l1', quantity: 2 }, { lineId: 'l2', quantity: 1 }] },
    ]);
    expect(ofType(events, 'stock_zero_requested').map((e) => e.sku)).toEqual(['MUG-01', 'TEA-01']);
  });

  test('[SP8] the customer cancelling the whole order cancels it, puts picked units back and reroutes nothing', () => {
    const { state, events } = run(pickedOrder(), shortAll('customer_cancelled'));
    expect(state.status).toBe('cancelled');
    expect(ofType(events, 'reroute_requested')).toEqual([]);
    expect(ofType(events, 'restock_requested')).toMatchObject([{ reason: 'cancelled', lines: [{ quantity: 2 }, { quantity: 1 }] }]);
  });
});
