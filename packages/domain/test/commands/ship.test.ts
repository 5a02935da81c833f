import { describe, expect, test } from 'vitest';
import { isValidTrackingNumber, normalizeTrackingNumber } from '../../src/commands/ship.ts';
import { isFullyShipped } from '../../src/fulfilment-order/floor-fulfilment-order.ts';
import { ctx, packedOrder, pickedOrder, refusalOf, run, ship } from '../fixtures.ts';

const shipOrder = () => packedOrder({ deliveryMethod: 'ship' });

describe('ship', () => {
  test('[SH1] pickup orders are not shipped', () => {
    expect(refusalOf(packedOrder(), ship(['p1', 'p2']))).toBe('not_a_ship_order');
  });

  test('[SH2] only packed orders are shipped', () => {
    expect(refusalOf(pickedOrder({ deliveryMethod: 'ship' }), ship(['p1']))).toBe('not_packed');
    expect(refusalOf(shipOrder(), ship(['p1', 'p2']))).toBeNull();
  });

  test('[SH3] carrier and tracking number must look like what carriers print', () => {
    expect(refusalOf(shipOrder(), ship(['p1'], { carrier: '' }))).toBe('invalid_carrier');
    expect(refusalOf(shipOrder(), ship(['p1'], { carrier: 'UPS<script>' }))).toBe('invalid_carrier');
    expect(refusalOf(shipOrder(), ship(['p1'], { carrier: 'A'.repeat(41) }))).toBe('invalid_carrier');
    expect(refusalOf(shipOrder(), ship(['p1'], { carrier: 'Royal Mail' }))).toBeNull();
    for (const bad of ['', '12345', 'ABC$1234567', 'A'.repeat(41), '-1Z9999', '1Z9999-']) {
      expect(refusalOf(shipOrder(), ship(['p1'], { trackingNumber: bad })), bad).toBe('invalid_tracking_number');
    }
    expect(isValidTrackingNumber('1z 999 aa1 0123456784')).toBe(true);
    expect(normalizeTrackingNumber('1z 999 aa1 0123456784')).toBe('1Z999AA10123456784');
    expect(isValidTrackingNumber('RR123456785GB')).toBe(true);
  });

  test('[SH4] shipped packages exist, appear once and leave once', () => {
    expect(refusalOf(shipOrder(), ship(['p9']))).toBe('package_not_found');
    expect(refusalOf(shipOrder(), ship(['p1', 'p1']))).toBe('duplicate_package');
    const first = run(shipOrder(), ship(['p1'])).state;
    expect(refusalOf(first, ship(['p1'], { shipmentId: 'sh-again' }))).toBe('package_already_shipped');
  });

  test('[SH5] a shipment id is used once per fulfilment order', () => {
    const first = run(shipOrder(), ship(['p1'], { shipmentId: 'sh-1' })).state;
    expect(refusalOf(first, ship(['p2'], { shipmentId: 'sh-1' }))).toBe('duplicate_shipment');
  });

  test('[SH6] the shipment is recorded with a normalised tracking number and the customer gets it', () => {
    const { state, events } = run(shipOrder(), ship(['p1', 'p2'], { shipmentId: 'sh-1', carrier: ' DHL ', trackingNumber: 'jd01 4600 0036 1234 5678' }));
    expect(state.shipments).toEqual([
      { shipmentId: 'sh-1', carrier: 'DHL', trackingNumber: 'JD014600003612345678', packageIds: ['p1', 'p2'], shippedAt: ctx.now },
    ]);
    expect(events.slice(0, 2)).toEqual([
      {
        type: 'shipment_dispatched',
        fulfilmentOrderId: 'fo-1',
        orderId: 'ord-1',
        shipmentId: 'sh-1',
        carrier: 'DHL',
        trackingNumber: 'JD014600003612345678',
        packageIds: ['p1', 'p2'],
        at: ctx.now,
      },
      {
        type: 'customer_notification_requested',
        kind: 'shipped',
        fulfilmentOrderId: 'fo-1',
        orderId: 'ord-1',
        carrier: 'DHL',
        trackingNumber: 'JD014600003612345678',
        at: ctx.now,
      },
    ]);
  });

  test('[SH7] the order is shipped when its last package leaves', () => {
    const first = run(shipOrder(), ship(['p1']));
    expect(first.state.status).toBe('packed');
    expect(isFullyShipped(first.state)).toBe(false);
    const second = run(first.state, ship(['p2'], { carrier: 'FedEx', trackingNumber: '123456789012' }));
    expect(second.state.status).toBe('shipped');
    expect(second.state.shipments).toHaveLength(2);
    expect(second.events.at(-1)).toMatchObject({ type: 'fulfilment_order_status_changed', from: 'packed', to: 'shipped' });
  });
});
