import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { customerDisplayName } from '../src/fulfilment-order/fulfilment-order.ts';
import { FULFILMENT_ORDER_STATUSES } from '../src/fulfilment-order/lifecycle.ts';
import { ORDER_STATUSES } from '../src/order/order-lifecycle.ts';
import { deriveOrderStatus, type OrderReturnStatus } from '../src/order/order-status.ts';

const RMA_STATUSES: readonly OrderReturnStatus[] = ['requested', 'received', 'inspected', 'dispositioned', 'refunded', 'cancelled'];

describe('order status', () => {
  test('[OS1] the status is a function of fulfilment orders, returns and routing facts alone', () => {
    // Same inputs, same answer; the returns and facts default to none.
    expect(deriveOrderStatus(['picked'])).toBe(deriveOrderStatus(['picked'], [], {}));
    expect(deriveOrderStatus(['delivered'], ['requested'])).toBe('return_in_progress');
    expect(deriveOrderStatus([], [], { unroutedLines: 2 })).toBe('captured');
  });

  test('[OS2] a single fulfilment order gives its stage; assigned reads as routed', () => {
    expect(deriveOrderStatus(['assigned'])).toBe('routed');
    expect(deriveOrderStatus(['picking'])).toBe('picking');
    expect(deriveOrderStatus(['picked'])).toBe('picked');
    expect(deriveOrderStatus(['packed'])).toBe('packed');
    expect(deriveOrderStatus(['picked_up'])).toBe('picked_up');
  });

  test('[OS2] several fulfilment orders report the slowest; cancelled, rejected and refused ones are ignored', () => {
    expect(deriveOrderStatus(['picked', 'picking'])).toBe('picking');
    expect(deriveOrderStatus(['picked', 'cancelled'])).toBe('picked');
    expect(deriveOrderStatus(['rejected', 'packed'])).toBe('packed');
    expect(deriveOrderStatus(['refused_at_pickup', 'delivered'])).toBe('delivered');
  });

  test('[OS2] lines waiting for routing or for supply are slower than any fulfilment order', () => {
    expect(deriveOrderStatus(['shipped'], [], { unroutedLines: 1 })).toBe('captured');
    expect(deriveOrderStatus(['rejected', 'picked'], [], { unroutedLines: 1 })).toBe('captured');
    expect(deriveOrderStatus(['delivered'], [], { backorderedLines: 3 })).toBe('backordered');
    expect(deriveOrderStatus([], [], { backorderedLines: 1, unroutedLines: 1 })).toBe('captured');
  });

  test('[OS3] with nothing live: cancelled when some part was cancelled, otherwise an exception', () => {
    expect(deriveOrderStatus(['cancelled', 'cancelled'])).toBe('cancelled');
    expect(deriveOrderStatus(['refused_at_pickup'])).toBe('cancelled');
    expect(deriveOrderStatus(['rejected', 'cancelled'])).toBe('cancelled');
    expect(deriveOrderStatus([], [], { cancelledLines: 2 })).toBe('cancelled');
    expect(deriveOrderStatus(['rejected'])).toBe('exception');
    expect(deriveOrderStatus([])).toBe('exception');
  });

  test('[OS4] pickup waiting outranks parcels in transit; finished orders say how they finished', () => {
    expect(deriveOrderStatus(['shipped', 'ready_for_pickup'])).toBe('ready_for_pickup');
    expect(deriveOrderStatus(['shipped', 'delivered'])).toBe('shipped');
    expect(deriveOrderStatus(['delivered', 'delivered'])).toBe('delivered');
    expect(deriveOrderStatus(['picked_up', 'delivered'])).toBe('completed');
    expect(deriveOrderStatus(['partially_picked_up'])).toBe('picked_up');
    expect(deriveOrderStatus(['partially_picked_up', 'picked_up', 'cancelled'])).toBe('picked_up');
  });

  test('[OS5] an expired pickup is an exception', () => {
    expect(deriveOrderStatus(['expired'])).toBe('exception');
    expect(deriveOrderStatus(['expired', 'delivered'])).toBe('exception');
  });

  test('[OS6] lines nobody can supply are an exception', () => {
    expect(deriveOrderStatus(['picking'], [], { unfillableLines: 1 })).toBe('exception');
    expect(deriveOrderStatus([], [], { unfillableLines: 1, cancelledLines: 1 })).toBe('exception');
  });

  test('[OS7] once every part is finished, returns decide: open → return in progress, all refunded → refunded', () => {
    expect(deriveOrderStatus(['delivered'], ['requested'])).toBe('return_in_progress');
    expect(deriveOrderStatus(['picked_up', 'delivered'], ['refunded', 'inspected'])).toBe('return_in_progress');
    expect(deriveOrderStatus(['delivered'], ['refunded'])).toBe('refunded');
    expect(deriveOrderStatus(['delivered'], ['refunded', 'cancelled'])).toBe('refunded');
    expect(deriveOrderStatus(['delivered'], ['cancelled'])).toBe('delivered');
    // While fulfilment is still under way, it is what the customer waits for.
    expect(deriveOrderStatus(['delivered', 'picking'], ['requested'])).toBe('picking');
  });

  test('[OS8] a return on an order whose goods never went out is an exception', () => {
    expect(deriveOrderStatus(['cancelled'], ['requested'])).toBe('exception');
    expect(deriveOrderStatus(['picking'], ['received'])).toBe('exception');
    expect(deriveOrderStatus(['cancelled'], ['cancelled'])).toBe('cancelled');
  });

  test('[OS9] property: for any fulfilment orders, returns and facts the status is a state of the order table', () => {
    const count = fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...FULFILMENT_ORDER_STATUSES), { maxLength: 6 }),
        fc.array(fc.constantFrom(...RMA_STATUSES), { maxLength: 4 }),
        fc.record({ unroutedLines: count, backorderedLines: count, unfillableLines: count, cancelledLines: count }),
        (fos, returns, rawFacts) => {
          const facts = Object.fromEntries(Object.entries(rawFacts).filter(([, v]) => v !== undefined));
          const status = deriveOrderStatus(fos, returns, facts);
          expect(ORDER_STATUSES).toContain(status);
          // Order of the parts never matters.
          expect(deriveOrderStatus([...fos].reverse(), [...returns].reverse(), facts)).toBe(status);
        },
      ),
    );
  });

  test('[CU1] the floor sees first name and last initial only', () => {
    expect(customerDisplayName(' Ada ', 'lovelace')).toBe('Ada L.');
    expect(customerDisplayName('Cher', '')).toBe('Cher');
  });
});
