import { describe, expect, test } from 'vitest';
import { PackCommand } from '../../src/commands/pack.ts';
import { isFullyPacked, packedQuantity } from '../../src/fulfilment-order/floor-fulfilment-order.ts';
import { cmd, ctx, makeFloorOrder, pack, pick, pickedOrder, refusalOf, run, shortLine } from '../fixtures.ts';

describe('pack', () => {
  test('[PA1] only a picked fulfilment order can be packed', () => {
    const picking = run(makeFloorOrder(), pick('l1')).state;
    expect(refusalOf(picking, pack({ id: 'p1', lines: [['l1', 1]] }))).toBe('not_packable');
    expect(refusalOf(pickedOrder(), pack({ id: 'p1', lines: [['l1', 1]] }))).toBeNull();
  });

  test('[PA2] a package id is used once per fulfilment order', () => {
    const fo = run(pickedOrder(), pack({ id: 'p1', lines: [['l1', 1]] })).state;
    expect(refusalOf(fo, pack({ id: 'p1', lines: [['l1', 1]] }))).toBe('duplicate_package');
    expect(refusalOf(pickedOrder(), pack({ id: 'p9', lines: [['l1', 1]] }, { id: 'p9', lines: [['l2', 1]] }))).toBe('duplicate_package');
  });

  test('[PA3] lines must exist and appear once per package', () => {
    expect(refusalOf(pickedOrder(), pack({ id: 'p1', lines: [['nope', 1]] }))).toBe('line_not_found');
    expect(refusalOf(pickedOrder(), pack({ id: 'p1', lines: [['l1', 1], ['l1', 1]] }))).toBe('duplicate_line');
  });

  test('[PA4] no more units are packed than were picked, across packages and commands', () => {
    expect(refusalOf(pickedOrder(), pack({ id: 'p1', lines: [['l1', 3]] }))).toBe('quantity_exceeds_picked');
    expect(refusalOf(pickedOrder(), pack({ id: 'p1', lines: [['l1', 2]] }, { id: 'p2', lines: [['l1', 1]] }))).toBe('quantity_exceeds_picked');
    const onePacked = run(pickedOrder(), pack({ id: 'p1', lines: [['l1', 2]] })).state;
    expect(refusalOf(onePacked, pack({ id: 'p2', lines: [['l1', 1]] }))).toBe('quantity_exceeds_picked');
    // A short-picked line packs only what was picked.
    const short = run(makeFloorOrder(), pick('l1', 1), shortLine('l1', 'damaged'), pick('l2')).state;
    expect(refusalOf(short, pack({ id: 'p1', lines: [['l1', 2]] }))).toBe('quantity_exceeds_picked');
  });

  test('[PA5] packages are recorded with weight, dimensions and the time, and reported one event each', () => {
    const command = cmd({
      type: 'pack',
      packages: [{ packageId: 'p1', lines: [{ lineId: 'l1', quantity: 2 }], weightGrams: 850, dimensionsMm: { length: 300, width: 200, height: 150 } }],
    });
    const { state, events } = run(pickedOrder(), command);
    expect(state.packages).toEqual([
      { packageId: 'p1', lines: [{ lineId: 'l1', quantity: 2 }], weightGrams: 850, dimensionsMm: { length: 300, width: 200, height: 150 }, packedAt: ctx.now },
    ]);
    expect(packedQuantity(state, 'l1')).toBe(2);
    expect(events).toEqual([{ type: 'package_packed', fulfilmentOrderId: 'fo-1', packageId: 'p1', lines: [{ lineId: 'l1', quantity: 2 }], at: ctx.now }]);
    const bad = { type: 'pack', fulfilmentOrderId: 'fo-1', packages: [{ packageId: 'p1', lines: [{ lineId: 'l1', quantity: 1 }], weightGrams: 0 }] };
    expect(PackCommand.safeParse(bad).success).toBe(false);
    expect(PackCommand.safeParse({ ...bad, packages: [{ packageId: 'p1', lines: [] }] }).success).toBe(false);
  });

  test('[PA6] the order is packed once every picked unit is in a package, not before', () => {
    const partly = run(pickedOrder(), pack({ id: 'p1', lines: [['l1', 2]] }));
    expect(partly.state.status).toBe('picked');
    expect(isFullyPacked(partly.state)).toBe(false);
    const done = run(partly.state, pack({ id: 'p2', lines: [['l2', 1]] }));
    expect(done.state.status).toBe('packed');
    expect(done.events.at(-1)).toEqual({ type: 'fulfilment_order_status_changed', fulfilmentOrderId: 'fo-1', from: 'picked', to: 'packed', at: ctx.now });
    expect(done.state.version).toBe(partly.state.version + 1);
  });
});
