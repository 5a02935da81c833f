import { describe, expect, test } from 'vitest';
import { SESSION_IDLE_MS, SESSION_ABSOLUTE_MS } from '../src/auth/associates.ts';
import { BACKENDS } from './support/backends.ts';
import { countRows, useFixture, type Fixture } from './support/fixture.ts';
import { call } from './support/http.ts';

async function newAssociate(f: Fixture, body: Record<string, unknown>) {
  const res = await call(f, 'POST', '/api/v1/admin/associates', { token: f.adminKey, body: { firstName: 'Grace', lastName: 'Hopper', role: 'picker', pin: '2468', ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; badge: string };
}

function signIn(f: Fixture, device: string, badge: string, pin: string) {
  return call(f, 'POST', '/api/v1/sessions', { token: device, body: { badge, pin } });
}

const current = (f: Fixture, device: string, session: string) =>
  call(f, 'GET', '/api/v1/sessions/current', { token: device, headers: { 'Aisle-Session': session } });

describe.each(BACKENDS)('associates and sessions on $name', (backend) => {
  const f = useFixture(backend);

  test('[AU1] a badge and PIN sign an associate in on an enrolled device; the session names them by first name and initial only', async () => {
    const device = await f.enrol('store-a');
    const { badge } = await newAssociate(f, { locationId: 'store-a' });
    // Scanners add spaces; people type lower case.
    const res = await signIn(f, device, `  ${badge.toLowerCase()} `, '2468');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ associate: { displayName: 'Grace H.', role: 'picker' }, idleTimeoutSeconds: SESSION_IDLE_MS / 1000 });
    expect(res.body.permissions).toContain('pick_line');
    expect(res.body.permissions).not.toContain('hand_off');
    expect(JSON.stringify(res.body)).not.toContain('Hopper');
    const me = await current(f, device, String(res.body.sessionToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ associate: { displayName: 'Grace H.' } });
    // Secrets at rest are hashes, never the badge, PIN or token.
    const { rows } = await f.db.query<{ badge_hash: string; pin_hash: string }>('SELECT badge_hash, pin_hash FROM associates WHERE badge_hash IS NOT NULL');
    expect(rows.some((r) => r.badge_hash === badge || r.pin_hash === '2468')).toBe(false);
    expect(await countRows(f.db, `sessions WHERE token_hash = '${String(res.body.sessionToken)}'`)).toBe(0);
  });

  test('[AU2] an unknown badge and a wrong PIN get the same answer; five wrong PINs lock the badge even against the right one', async () => {
    const device = await f.enrol('store-a');
    const { badge } = await newAssociate(f, {});
    const unknown = await signIn(f, device, 'AB-NOSUCHBADGE', '2468');
    const wrong = await signIn(f, device, badge, '1111');
    expect(unknown).toMatchObject({ status: 401, body: { error: { code: 'sign_in_failed' } } });
    expect(wrong.body).toEqual(unknown.body);
    for (let i = 0; i < 4; i++) await signIn(f, device, badge, '1111');
    const locked = await signIn(f, device, badge, '2468');
    expect(locked).toMatchObject({ status: 423, body: { error: { code: 'badge_locked' } } });
    // After the lock time the right PIN works again.
    const saved = f.now.value;
    f.now.value = new Date(saved.getTime() + 16 * 60_000);
    try {
      expect((await signIn(f, device, badge, '2468')).status).toBe(201);
    } finally {
      f.now.value = saved;
    }
  });

  test('[AU3] a badge for another store does not open a session here; an area manager (no store) signs in anywhere', async () => {
    const here = await f.enrol('store-a');
    const elsewhere = await newAssociate(f, { locationId: 'store-b' });
    expect(await signIn(f, here, elsewhere.badge, '2468')).toMatchObject({ status: 403, body: { error: { code: 'wrong_location' } } });
    const area = await newAssociate(f, { role: 'manager' });
    expect((await signIn(f, here, area.badge, '2468')).status).toBe(201);
    expect((await signIn(f, await f.enrol('store-b'), area.badge, '2468')).status).toBe(201);
  });

  test('[AU4] sessions end: sign-out revokes at once, idleness and the absolute limit expire them, a new sign-in on the device ends the previous one', async () => {
    const device = await f.enrol('store-a');
    const { badge } = await newAssociate(f, {});
    const token = async () => String((await signIn(f, device, badge, '2468')).body.sessionToken);

    const a = await token();
    expect((await call(f, 'DELETE', '/api/v1/sessions/current', { token: device, headers: { 'Aisle-Session': a } })).status).toBe(204);
    expect(await current(f, device, a)).toMatchObject({ status: 401, body: { error: { code: 'session_ended' } } });

    const saved = f.now.value;
    try {
      const b = await token();
      f.now.value = new Date(saved.getTime() + SESSION_IDLE_MS - 1000);
      expect((await current(f, device, b)).status).toBe(200);
      // Activity keeps it alive: another almost-idle period later it still works…
      f.now.value = new Date(f.now.value.getTime() + SESSION_IDLE_MS - 1000);
      expect((await current(f, device, b)).status).toBe(200);
      // …but not after a full idle period.
      f.now.value = new Date(f.now.value.getTime() + SESSION_IDLE_MS);
      expect(await current(f, device, b)).toMatchObject({ status: 401, body: { error: { code: 'session_expired' } } });

      const c = await token();
      const start = f.now.value.getTime();
      for (let t = start; t < start + SESSION_ABSOLUTE_MS; t += SESSION_IDLE_MS / 2) {
        f.now.value = new Date(t);
        expect((await current(f, device, c)).status).toBe(200);
      }
      f.now.value = new Date(start + SESSION_ABSOLUTE_MS);
      expect(await current(f, device, c)).toMatchObject({ status: 401, body: { error: { code: 'session_expired' } } });

      const d = await token();
      const e = await token();
      expect((await current(f, device, d)).status).toBe(401);
      expect((await current(f, device, e)).status).toBe(200);
      // A session token is bound to its device.
      expect((await current(f, await f.enrol('store-a'), e)).status).toBe(401);
    } finally {
      f.now.value = saved;
    }
  });

  test('[AU5] the admin key issues enrolment codes, channel keys and associates; deactivating an associate or revoking a device ends their sessions', async () => {
    const code = await call(f, 'POST', '/api/v1/admin/enrolment-codes', { token: f.adminKey, body: { locationId: 'store-b' } });
    expect(code.status).toBe(201);
    const enrolled = await call(f, 'POST', '/api/v1/devices/enrol', { body: { code: code.body.code } });
    expect(enrolled.status).toBe(201);
    const device = String(enrolled.body.token);
    const key = await call(f, 'POST', '/api/v1/admin/channel-keys', { token: f.adminKey, body: { channel: 'marketplace' } });
    expect(key.status).toBe(201);
    expect((await call(f, 'GET', '/api/v1/atp?sku=MUG', { token: String(key.body.key) })).status).toBe(200);

    const person = await newAssociate(f, { role: 'manager' });
    const session = String((await signIn(f, device, person.badge, '2468')).body.sessionToken);
    expect((await call(f, 'POST', `/api/v1/admin/associates/${person.id}/deactivate`, { token: f.adminKey })).status).toBe(204);
    expect((await current(f, device, session)).status).toBe(401);
    expect((await signIn(f, device, person.badge, '2468')).status).toBe(401);

    const other = await newAssociate(f, { role: 'manager' });
    const s2 = String((await signIn(f, device, other.badge, '2468')).body.sessionToken);
    expect((await call(f, 'DELETE', `/api/v1/admin/devices/${String(enrolled.body.deviceId)}`, { token: f.adminKey })).status).toBe(204);
    expect((await current(f, device, s2)).status).toBe(401);
    const list = await call(f, 'GET', '/api/v1/admin/associates', { token: f.adminKey });
    expect(JSON.stringify(list.body)).not.toMatch(/pin|badge_hash|Hopper/);
  });

  test('[AU6] admin endpoints refuse channel keys, device tokens and bad input, writing nothing', async () => {
    const device = await f.enrol('store-a');
    for (const token of [f.channelKey, device, 'ak_nope']) {
      expect((await call(f, 'POST', '/api/v1/admin/enrolment-codes', { token, body: { locationId: 'store-a' } })).status).toBe(401);
    }
    const before = await countRows(f.db, 'associates');
    for (const body of [
      { firstName: 'A', lastName: 'B', role: 'picker', pin: '12' },
      { firstName: 'A', lastName: 'B', role: 'janitor', pin: '1234' },
      { firstName: '', lastName: 'B', role: 'picker', pin: '1234' },
    ]) {
      expect((await call(f, 'POST', '/api/v1/admin/associates', { token: f.adminKey, body })).status).toBe(400);
    }
    expect(await call(f, 'POST', '/api/v1/admin/associates', { token: f.adminKey, body: { firstName: 'A', lastName: 'B', role: 'picker', pin: '1234', locationId: 'store-z' } })).toMatchObject({
      status: 422,
      body: { error: { field: 'locationId' } },
    });
    expect(await countRows(f.db, 'associates')).toBe(before);
  });
});
