import { describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { countRows, orderBody, useFixture } from './support/fixture.ts';
import { call, capture } from './support/http.ts';

describe.each(BACKENDS)('order capture on $name', (backend) => {
  const f = useFixture(backend);

  test('health reports the storage backend', async () => {
    const res = await call(f, 'GET', '/api/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', storage: backend.name } });
  });

  test('a pickup order is captured and assigned to the chosen store', async () => {
    const res = await capture(f, orderBody(), 'k-basic');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'routed', deliveryMethod: 'pickup', channel: 'web' });
    const fos = res.body.fulfilmentOrders as { locationId: string; status: string; lines: { sku: string; quantity: number; picked: number }[] }[];
    expect(fos).toHaveLength(1);
    expect(fos[0]).toMatchObject({ locationId: 'store-a', status: 'assigned' });
    expect(fos[0]?.lines.map((l) => [l.sku, l.quantity, l.picked])).toEqual([['MUG', 2, 0], ['TEA', 1, 0]]);
    const got = await call(f, 'GET', `/api/v1/orders/${String(res.body.id)}`, { token: f.channelKey });
    expect(got.body).toEqual(res.body);
  });

  test('a replay with the same key and body returns the same response; another body under the key is 409', async () => {
    const body = orderBody();
    const first = await capture(f, body, 'k-replay');
    const before = await countRows(f.db, 'orders');
    // Same JSON with keys in another order is the same request.
    const reordered = { lines: body.lines, pickupLocationId: body.pickupLocationId, deliveryMethod: body.deliveryMethod, customer: body.customer, externalId: body.externalId };
    const again = await capture(f, reordered, 'k-replay');
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    const other = await capture(f, { ...body, lines: [{ sku: 'MUG', quantity: 5 }] }, 'k-replay');
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: 'idempotency_conflict', field: 'Idempotency-Key' } });
    expect(await countRows(f.db, 'orders')).toBe(before);
  });

  test('the same external id under a new key returns the order already captured', async () => {
    const body = orderBody();
    const first = await capture(f, body, 'k-ext-1');
    const second = await capture(f, body, 'k-ext-2');
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });

  test('concurrent requests with one key create one order', async () => {
    const body = orderBody();
    const before = await countRows(f.db, 'orders');
    const results = await Promise.all(Array.from({ length: 8 }, () => capture(f, body, 'k-concurrent')));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(await countRows(f.db, 'orders')).toBe(before + 1);
  });

  test.each([
    ['a zero quantity', { lines: [{ sku: 'MUG', quantity: 0 }] }, 'lines.0.quantity'],
    ['a fractional quantity', { lines: [{ sku: 'MUG', quantity: 1.5 }] }, 'lines.0.quantity'],
    ['a negative quantity', { lines: [{ sku: 'TEA', quantity: 1 }, { sku: 'MUG', quantity: -2 }] }, 'lines.1.quantity'],
    ['a quantity as a string', { lines: [{ sku: 'MUG', quantity: '2' }] }, 'lines.0.quantity'],
    ['no lines', { lines: [] }, 'lines'],
    ['a missing customer name', { customer: { firstName: 'Ada' } }, 'customer.lastName'],
    ['a bad email', { customer: { firstName: 'A', lastName: 'B', email: 'nope' } }, 'customer.email'],
    ['an unsupported delivery method', { deliveryMethod: 'drone' }, 'deliveryMethod'],
  ])('400 naming the field for %s, and nothing written', async (_name, override, field) => {
    const before = { orders: await countRows(f.db, 'orders'), keys: await countRows(f.db, 'idempotency_keys') };
    const res = await capture(f, orderBody(override), `k-bad-${field}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_body', field } });
    expect({ orders: await countRows(f.db, 'orders'), keys: await countRows(f.db, 'idempotency_keys') }).toEqual(before);
  });

  test('unknown SKU or store is a 422 naming the field; nothing is written, not even the idempotency key', async () => {
    const orders = await countRows(f.db, 'orders');
    const fos = await countRows(f.db, 'fulfilment_orders');
    const keys = await countRows(f.db, 'idempotency_keys');
    const sku = await capture(f, orderBody({ lines: [{ sku: 'MUG', quantity: 1 }, { sku: 'NOPE', quantity: 1 }] }), 'k-unknown-sku');
    expect(sku).toMatchObject({ status: 422, body: { error: { code: 'unknown_reference', field: 'lines.1.sku' } } });
    const wh = await capture(f, orderBody({ pickupLocationId: 'wh' }), 'k-warehouse');
    expect(wh).toMatchObject({ status: 422, body: { error: { field: 'pickupLocationId' } } });
    // Another tenant's store is as unknown as a store that does not exist.
    const foreign = await capture(f, orderBody({ pickupLocationId: 'store-z' }), 'k-foreign');
    expect(foreign).toMatchObject({ status: 422, body: { error: { field: 'pickupLocationId' } } });
    expect(await countRows(f.db, 'orders')).toBe(orders);
    expect(await countRows(f.db, 'fulfilment_orders')).toBe(fos);
    expect(await countRows(f.db, 'idempotency_keys')).toBe(keys);
  });

  test('malformed JSON, a missing Idempotency-Key and an oversized body are 4xx with a JSON error', async () => {
    const bad = await call(f, 'POST', '/api/v1/orders', { token: f.channelKey, rawBody: '{"externalId":', headers: { 'Idempotency-Key': 'k-json' } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
    const noKey = await call(f, 'POST', '/api/v1/orders', { token: f.channelKey, body: orderBody() });
    expect(noKey).toMatchObject({ status: 400, body: { error: { code: 'missing_header', field: 'Idempotency-Key' } } });
    const huge = await call(f, 'POST', '/api/v1/orders', {
      token: f.channelKey,
      rawBody: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
      headers: { 'Idempotency-Key': 'k-huge' },
    });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });

  test('an unknown or revoked channel key is 401 and writes nothing', async () => {
    const before = await countRows(f.db, 'orders');
    expect((await capture(f, orderBody(), 'k-401', 'ck_nope')).status).toBe(401);
    const none = await call(f, 'POST', '/api/v1/orders', { body: orderBody(), headers: { 'Idempotency-Key': 'k-401b' } });
    expect(none).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    const { issueChannelKey } = await import('../src/tenants/provision.ts');
    const key = await issueChannelKey(f.db, 't1', 'pos');
    expect((await capture(f, orderBody(), 'k-ok-before-revoke', key)).status).toBe(201);
    await f.db.query('UPDATE channel_keys SET revoked_at = now() WHERE channel = $1', ['pos']);
    const after = await countRows(f.db, 'orders');
    expect((await capture(f, orderBody(), 'k-after-revoke', key)).status).toBe(401);
    expect(await countRows(f.db, 'orders')).toBe(after);
    expect(after).toBe(before + 1);
  });

  test("another tenant's order is not found", async () => {
    const res = await capture(f, orderBody(), 'k-tenant');
    const { issueChannelKey } = await import('../src/tenants/provision.ts');
    const t2key = await issueChannelKey(f.db, 't2', 'web');
    const got = await call(f, 'GET', `/api/v1/orders/${String(res.body.id)}`, { token: t2key });
    expect(got).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  test('unknown API routes answer JSON 404', async () => {
    const res = await call(f, 'GET', '/api/v1/nope');
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});
