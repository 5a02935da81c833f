import { describe, expect, test } from 'vitest';
import { customerDisplayName, deriveOrderStatus } from '../src/index.ts';

describe('order status', () => {
  test('[OS2] a single fulfilment order gives its stage; assigned reads as routed', () => {
    expect(deriveOrderStatus(['assigned'])).toBe('routed');
    expect(deriveOrderStatus(['picking'])).toBe('picking');
    expect(deriveOrderStatus(['picked'])).toBe('picked');
    expect(deriveOrderStatus(['picked_up'])).toBe('picked_up');
  });

  test('[OS2] several fulfilment orders report the slowest; cancelled and rejected ones are ignored', () => {
    expect(deriveOrderStatus(['picked', 'picking'])).toBe('picking');
    expect(deriveOrderStatus(['picked', 'cancelled'])).toBe('picked');
    expect(deriveOrderStatus(['rejected', 'packed'])).toBe('packed');
  });

  test('[OS3] with nothing live: all cancelled is cancelled, otherwise an exception', () => {
    expect(deriveOrderStatus(['cancelled', 'cancelled'])).toBe('cancelled');
    expect(deriveOrderStatus(['rejected'])).toBe('exception');
    expect(deriveOrderStatus([])).toBe('exception');
  });

  test('[OS4] pickup waiting outranks parcels in transit; finished mixed orders are completed', () => {
    expect(deriveOrderStatus(['shipped', 'ready_for_pickup'])).toBe('ready_for_pickup');
    expect(deriveOrderStatus(['shipped', 'delivered'])).toBe('shipped');
    expect(deriveOrderStatus(['picked_up', 'delivered'])).toBe('completed');
  });

  test('[OS5] an expired pickup is an exception', () => {
    expect(deriveOrderStatus(['expired'])).toBe('exception');
    expect(deriveOrderStatus(['expired', 'delivered'])).toBe('exception');
  });

  test('[CU1] the floor sees first name and last initial only', () => {
    expect(customerDisplayName(' Ada ', 'lovelace')).toBe('Ada L.');
    expect(customerDisplayName('Cher', '')).toBe('Cher');
  });
});
