import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  allocateLargestRemainder,
  applyReceiveReturnLine,
  applyRefundReturn,
  computeLineRefund,
  DEFAULT_RETURN_POLICY,
  isWithinReturnWindow,
  linePayments,
  ReturnableOrder,
  returnDeadline,
  returnWindowDays,
  unitsShareMinor,
  validateRefundReturn,
  type ReturnsState,
} from '../../src/index.ts';
import type { LineId } from '../../src/ids.ts';
import { ctx, DELIVERED_AT, later, makeOrder, makeState, PRODUCTS, receive, returnOf } from './fixtures.ts';

const policy = DEFAULT_RETURN_POLICY;
const product = (sku: string) => PRODUCTS.find((p) => p.sku === sku) ?? PRODUCTS[0]!;

const orderArb = fc
  .array(
    fc.record({
      quantity: fc.integer({ min: 1, max: 12 }),
      unitPriceMinor: fc.integer({ min: 0, max: 100_000 }),
      discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .chain((lines) => {
    const built = lines.map((l, i) => {
      const gross = l.quantity * l.unitPriceMinor;
      return {
        orderLineId: `l${i + 1}`,
        sku: `SKU-${i + 1}`,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        lineDiscountMinor: Math.floor(gross * l.discountShare),
        fulfilledQuantity: l.quantity,
        fulfilledAt: DELIVERED_AT,
      };
    });
    const net = built.reduce((a, l) => a + l.quantity * l.unitPriceMinor - l.lineDiscountMinor, 0);
    return fc.record({
      orderDiscountMinor: fc.integer({ min: 0, max: net }),
      shippingMinor: fc.integer({ min: 0, max: 5_000 }),
    }).map((o) => ReturnableOrder.parse({ id: 'ord-p', currency: 'EUR', lines: built, ...o }));
  });

describe('refund computation', () => {
  test('[RF1] order discounts are spread by line value with largest remainder, ties to the earlier line', () => {
    const three = makeOrder({
      orderDiscountMinor: 100,
      shippingMinor: 0,
      lines: ['a', 'b', 'c'].map((id) => ({
        orderLineId: id, sku: 'SHIRT-01', quantity: 1, unitPriceMinor: 100, lineDiscountMinor: 0, fulfilledQuantity: 1, fulfilledAt: DELIVERED_AT,
      })),
    });
    expect(linePayments(three).map((p) => p.itemsMinor)).toEqual([66, 67, 67]);
    // 3×1000−100, 50000, 2×499, 350 less 54, 922, 18, 6 of the 1000 voucher.
    expect(linePayments(makeOrder()).map((p) => p.itemsMinor)).toEqual([2846, 49078, 980, 344]);
  });

  test('[RF1] property: shares sum exactly to the total and each is the floor or ceiling of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 10 }),
        (total, weights) => {
          const parts = allocateLargestRemainder(total, weights);
          expect(parts.reduce((a, p) => a + p, 0)).toBe(total);
          const sum = weights.reduce((a, w) => a + w, 0);
          parts.forEach((part, i) => {
            expect(Number.isInteger(part)).toBe(true);
            const exact = sum === 0 ? total / weights.length : (total * (weights[i] ?? 0)) / sum;
            expect(part).toBeGreaterThanOrEqual(Math.floor(exact) - 1e-9);
            expect(part).toBeLessThanOrEqual(Math.ceil(exact) + 1e-9);
          });
        },
      ),
    );
  });

  test('[RF1] property: every line pays between zero and its price, and lines sum to what the order cost', () => {
    fc.assert(
      fc.property(orderArb, (order) => {
        const payments = linePayments(order);
        order.lines.forEach((l, i) => {
          const paid = payments[i]?.itemsMinor ?? -1;
          expect(paid).toBeGreaterThanOrEqual(0);
          expect(paid).toBeLessThanOrEqual(l.quantity * l.unitPriceMinor - l.lineDiscountMinor);
        });
        const net = order.lines.reduce((a, l) => a + l.quantity * l.unitPriceMinor - l.lineDiscountMinor, 0);
        expect(payments.reduce((a, p) => a + p.itemsMinor, 0)).toBe(net - order.orderDiscountMinor);
        expect(payments.reduce((a, p) => a + p.shippingMinor, 0)).toBe(order.shippingMinor);
      }),
    );
  });

  test('[RF2] the units of a line share what it cost, the first ones carrying the odd minor units', () => {
    expect([0, 1, 2].map((from) => unitsShareMinor(1000, 3, from, 1))).toEqual([334, 333, 333]);
    expect(unitsShareMinor(1000, 3, 0, 3)).toBe(1000);
    expect(unitsShareMinor(2846, 3, 1, 2)).toBe(949 + 948);
    expect(() => unitsShareMinor(1000, 3, 2, 2)).toThrow(RangeError);
  });

  test('[RF3] property: partial refunds in any split add up to exactly what the line cost', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }),
        (total, chunks) => {
          const units = chunks.reduce((a, c) => a + c, 0);
          let from = 0;
          let refunded = 0;
          for (const count of chunks) {
            const share = unitsShareMinor(total, units, from, count);
            expect(share).toBeGreaterThanOrEqual(0);
            refunded += share;
            from += count;
            expect(refunded).toBeLessThanOrEqual(total);
          }
          expect(refunded).toBe(total);
        },
      ),
    );
  });

  test('[RF4] opened electronics returned for a change of mind pay a restocking fee, rounded down', () => {
    const refund = computeLineRefund(makeOrder(), product('PHONE-01'), policy, {
      orderLineId: 'l2' as LineId, quantity: 1, reason: 'no_longer_needed', condition: 'B', unitsRefundedBefore: 0,
    });
    expect(refund).toMatchObject({ itemsMinor: 49078, restockingFeeBasisPoints: 1500, restockingFeeMinor: 7361, shippingMinor: 0 });
    expect(refund.refundMinor).toBe(49078 - 7361);
  });

  test('[RF4] no restocking fee when the seller is at fault, nor for sealed goods', () => {
    for (const reason of ['defective', 'wrong_item', 'damaged_in_transit', 'not_as_described', 'arrived_late'] as const) {
      const refund = computeLineRefund(makeOrder(), product('PHONE-01'), policy, {
        orderLineId: 'l2' as LineId, quantity: 1, reason, condition: 'C', unitsRefundedBefore: 0,
      });
      expect(refund.restockingFeeMinor, reason).toBe(0);
    }
    const sealed = computeLineRefund(makeOrder(), product('PHONE-01'), policy, {
      orderLineId: 'l2' as LineId, quantity: 1, reason: 'no_longer_needed', condition: 'A', unitsRefundedBefore: 0,
    });
    expect(sealed.restockingFeeMinor).toBe(0);
  });

  test('[RF5] shipping is refunded, unit by unit, only when the seller is at fault', () => {
    expect(linePayments(makeOrder()).map((p) => p.shippingMinor)).toEqual([32, 548, 11, 4]);
    const shirts = (reason: 'defective' | 'size_or_fit', before: number) =>
      computeLineRefund(makeOrder(), product('SHIRT-01'), policy, {
        orderLineId: 'l1' as LineId, quantity: 1, reason, condition: 'A', unitsRefundedBefore: before,
      });
    expect(shirts('defective', 0)).toMatchObject({ itemsMinor: 949, shippingMinor: 11, refundMinor: 960 });
    expect(shirts('defective', 2)).toMatchObject({ itemsMinor: 948, shippingMinor: 10, refundMinor: 958 });
    expect(shirts('size_or_fit', 0)).toMatchObject({ itemsMinor: 949, shippingMinor: 0, refundMinor: 949 });
  });

  test('[RF6] the window is whole days from fulfilment, the product overriding its category', () => {
    expect(returnWindowDays(product('SHIRT-01'), policy)).toBe(30);
    expect(returnWindowDays(product('SOAP-01'), policy)).toBe(60);
    expect(returnDeadline(DELIVERED_AT, 14)).toBe('2026-12-04T10:00:00.000Z');
    expect(isWithinReturnWindow(DELIVERED_AT, 14, '2026-12-04T10:00:00.000Z')).toBe(true);
    expect(isWithinReturnWindow(DELIVERED_AT, 14, '2026-12-04T10:00:00.001Z')).toBe(false);
    expect(isWithinReturnWindow(DELIVERED_AT, 0, DELIVERED_AT)).toBe(true);
  });

  test('[RF7] property: a refund is an integer ≥ 0 and never more than the units and their shipping cost', () => {
    fc.assert(
      fc.property(
        orderArb,
        fc.constantFrom('defective', 'no_longer_needed', 'size_or_fit', 'wrong_item') ,
        fc.constantFrom('A', 'B', 'C', 'D'),
        fc.constantFrom('apparel', 'electronics', 'other'),
        (order, reason, condition, category) => {
          order.lines.forEach((line, i) => {
            const payment = linePayments(order)[i]!;
            let before = 0;
            let total = 0;
            while (before < line.quantity) {
              const refund = computeLineRefund(order, { category }, policy, {
                orderLineId: line.orderLineId, quantity: 1, reason, condition, unitsRefundedBefore: before,
              });
              expect(Number.isInteger(refund.refundMinor) && refund.refundMinor >= 0).toBe(true);
              expect(refund.restockingFeeMinor).toBeLessThanOrEqual(refund.itemsMinor);
              total += refund.refundMinor;
              before += 1;
            }
            expect(total).toBeLessThanOrEqual(payment.itemsMinor + payment.shippingMinor);
          });
        },
      ),
    );
  });

  test('[RF8] refunding a return pays each dispositioned line its next units and closes the RMA', () => {
    let state: ReturnsState = makeState();
    state = applyReceiveReturnLine(state, receive({ returnLineId: 'rl-1', quantity: 2, reason: 'defective' }), ctx).state;
    state = applyReceiveReturnLine(state, receive({ returnLineId: 'rl-2', quantity: 1, reason: 'size_or_fit', condition: 'C' }), ctx).state;
    const at = later(ctx.now, 48);
    const { state: after, events } = applyRefundReturn(state, { type: 'refund_return', returnId: returnOf(state).id }, at);
    const lines = returnOf(after).lines;
    // Two defective shirts: 949 + 949 and shipping 11 + 11; the third, worn (apparel C, 10 %): 948 − 94.
    expect(lines.map((l) => [l.status, l.refundMinor])).toEqual([
      ['refunded', 1920],
      ['refunded', 854],
    ]);
    expect(events.filter((e) => e.type === 'refund_issued')).toEqual([
      { type: 'refund_issued', returnId: 'rma-1', orderId: 'ord-1', currency: 'EUR', totalMinor: 2774, at: at.now },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'return_status_changed', from: 'dispositioned', to: 'refunded' });
    expect(returnOf(after).version).toBe(returnOf(state).version + 1);
    const again = validateRefundReturn(after, { type: 'refund_return', returnId: returnOf(state).id });
    expect(again.ok ? null : again.error.code).toBe('nothing_to_refund');
    const unknown = validateRefundReturn(after, { type: 'refund_return', returnId: 'rma-x' } as never);
    expect(unknown.ok ? null : unknown.error.code).toBe('return_not_found');
  });
});
