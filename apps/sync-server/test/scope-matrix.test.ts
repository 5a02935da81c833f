import { describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { orderBody, useFixture } from './support/fixture.ts';
import { call, capture, push } from './support/http.ts';

type FoView = { id: string; lines: { lineId: string }[] };

/**
 * AU9: a store-A device with a signed-in manager tries every route of the
 * API (from the OpenAPI document) with store B's ids, and every pull and push:
 * nothing may succeed on store B's data, and no response may carry it.
 */
describe.each(BACKENDS)('store scoping matrix on $name', (backend) => {
  const f = useFixture(backend);

  test('[AU9] a store-A device and its signed-in manager reach no store-B data through any endpoint, pull or push', async () => {
    // Store B's order, with a customer name that appears nowhere else.
    const marker = 'Zyxwvutsrq';
    const theirs = await capture(f, orderBody({ pickupLocationId: 'store-b', customer: { firstName: marker, lastName: marker, email: 'b@example.com' } }), `matrix-${Math.random()}`);
    expect(theirs.status).toBe(201);
    const orderId = String(theirs.body.id);
    const fo = (theirs.body.fulfilmentOrders as FoView[])[0]!;
    const secrets = [orderId, fo.id, marker];
    const device = await f.enrol('store-a');

    const leaks = (text: string) => secrets.filter((s) => text.includes(s));
    const doc = (await call(f, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const ids: Record<string, string> = { id: orderId, locationId: 'store-b', rev: '1' };
    let tried = 0;
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        // Health and tracking are public by design; unenrolling itself would end the test's device; the event
        // stream never ends (it is keyed by the token's own location, and carries no data, only "changed").
        if (
          template === '/api/health' ||
          template.startsWith('/api/v1/track') ||
          template === '/api/v1/sync/stream' ||
          (template === '/api/v1/devices/current' && method === 'delete')
        ) {
          continue;
        }
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? fo.id);
        const query = template === '/api/v1/atp' ? '?sku=MUG&location=store-b' : '';
        const res = await f.app.request(`${path}${query}`, {
          method: method.toUpperCase(),
          headers: { authorization: `Bearer ${device}`, 'content-type': 'application/json', 'Aisle-Protocol': '1', 'Idempotency-Key': `m-${tried}` },
          ...(method === 'get' || method === 'delete' ? {} : { body: JSON.stringify({ collection: 'fulfilment_orders', checkpoint: null, limit: 1000, commands: [] }) }),
        });
        const text = await res.text();
        tried += 1;
        expect(leaks(text), `${method} ${path} → ${res.status}`).toEqual([]);
        // The device's own sync and session routes answer it; nothing else accepts a device token.
        if (!/^\/api\/v1\/(sync|sessions|devices)\//.test(template) && template !== '/api/v1/sessions') {
          expect([401, 403, 404], `${method} ${path}`).toContain(res.status);
        }
      }
    }
    expect(tried).toBeGreaterThan(20);

    // Every collection it can pull: nothing of store B.
    for (const collection of ['fulfilment_orders', 'stock_levels', 'products', 'locations']) {
      const res = await call(f, 'POST', '/api/v1/sync/pull', { token: device, body: { collection, checkpoint: null, limit: 1000 }, headers: { 'Aisle-Protocol': '1' } });
      expect(res.status).toBe(200);
      expect(leaks(JSON.stringify(res.body)), collection).toEqual([]);
    }

    // Every floor command against store B's fulfilment order: refused as if it did not exist, and B's order unchanged.
    const lineId = fo.lines[0]!.lineId;
    const commands = [
      { type: 'pick_line', fulfilmentOrderId: fo.id, lineId, quantity: 1 },
      { type: 'short_pick', fulfilmentOrderId: fo.id, reason: 'not_in_stock', scope: { kind: 'all' } },
      { type: 'pack', fulfilmentOrderId: fo.id, packages: [{ packageId: 'P1', lines: [{ lineId, quantity: 1 }] }] },
      { type: 'stage_for_pickup', fulfilmentOrderId: fo.id, bin: 'X1' },
      { type: 'hand_off', fulfilmentOrderId: fo.id, verification: { method: 'id_checked' }, outcome: { kind: 'all' } },
      { type: 'ship', fulfilmentOrderId: fo.id, shipmentId: 'S1', carrier: 'Own Fleet', trackingNumber: 'AF-12345678', packageIds: ['P1'] },
      { type: 'expire_pickup', fulfilmentOrderId: fo.id },
    ];
    const res = await push(
      f,
      device,
      commands.map((command, i) => ({ id: crypto.randomUUID(), deviceSeq: 10_000 + i, createdAt: new Date().toISOString(), baseVersion: 1, command })),
    );
    expect(res.status).toBe(200);
    const results = res.body.results as { status: string; reason?: { code: string } }[];
    expect(results.map((r) => r.reason?.code)).toEqual(commands.map(() => 'fulfilment_order_not_found'));
    expect(leaks(JSON.stringify(res.body))).toEqual([]);
    const after = await call(f, 'GET', `/api/v1/orders/${orderId}`, { token: f.channelKey });
    expect(after.body.status).toBe('routed');
    expect((after.body.fulfilmentOrders as { status: string }[])[0]!.status).toBe('assigned');

    // Another tenant's device sees nothing of tenant t1 either.
    const other = await f.enrol('store-z');
    for (const collection of ['fulfilment_orders', 'stock_levels', 'products', 'locations']) {
      const pulled = await call(f, 'POST', '/api/v1/sync/pull', { token: other, body: { collection, checkpoint: null, limit: 1000 }, headers: { 'Aisle-Protocol': '1' } });
      const text = JSON.stringify(pulled.body);
      expect(leaks(text)).toEqual([]);
      expect(text).not.toContain('store-a');
    }
  });
});
