import { describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { countRows, useFixture } from './support/fixture.ts';
import { call } from './support/http.ts';

describe.each(BACKENDS)('device enrolment on $name', (backend) => {
  const f = useFixture(backend);

  test('a one-time code enrols one device to its store; the code works once', async () => {
    const code = await f.issueCode('store-b');
    // Typed as people type it: lower case, no dash.
    const typed = code.toLowerCase().replace('-', '');
    const res = await call(f, 'POST', '/api/v1/devices/enrol', { body: { code: typed, deviceName: 'Handheld 1' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tenantId: 't1', location: { id: 'store-b', name: 'Store B', kind: 'store' } });
    const token = String(res.body.token);
    const me = await call(f, 'GET', '/api/v1/devices/current', { token });
    expect(me.body).toMatchObject({ deviceId: res.body.deviceId, location: { id: 'store-b' } });

    const devices = await countRows(f.db, 'devices');
    const again = await call(f, 'POST', '/api/v1/devices/enrol', { body: { code } });
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'enrolment_code_invalid', field: 'code' } } });
    expect(await countRows(f.db, 'devices')).toBe(devices);
  });

  test('an expired or unknown code enrols nothing', async () => {
    const code = await f.issueCode();
    const devices = await countRows(f.db, 'devices');
    f.now.value = new Date(f.now.value.getTime() + 8 * 24 * 3600_000);
    try {
      expect((await call(f, 'POST', '/api/v1/devices/enrol', { body: { code } })).status).toBe(400);
    } finally {
      f.now.value = new Date(f.now.value.getTime() - 8 * 24 * 3600_000);
    }
    expect((await call(f, 'POST', '/api/v1/devices/enrol', { body: { code: 'ZZZZ-ZZZZ' } })).status).toBe(400);
    expect((await call(f, 'POST', '/api/v1/devices/enrol', { body: { code: 42 } })).body).toMatchObject({ error: { field: 'code' } });
    expect(await countRows(f.db, 'devices')).toBe(devices);
  });

  test('tokens are stored hashed, never in plaintext', async () => {
    const token = await f.enrol();
    const { rows } = await f.db.query<{ token_hash: string }>('SELECT token_hash FROM devices');
    expect(rows.some((r) => r.token_hash.includes(token) || token.includes(r.token_hash))).toBe(false);
  });

  test('a revoked token gets 401 everywhere', async () => {
    const token = await f.enrol();
    expect((await call(f, 'DELETE', '/api/v1/devices/current', { token })).status).toBe(204);
    const me = await call(f, 'GET', '/api/v1/devices/current', { token });
    expect(me).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect((await call(f, 'POST', '/api/v1/sync/pull', { token, body: {} })).status).toBe(401);
  });
});
