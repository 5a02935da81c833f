import { createHash } from 'node:crypto';
import { pickupCodeDigestInput } from '@aisle/domain';
import { describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { orderBody, useFixture, type Fixture } from './support/fixture.ts';
import { call, capture, pull, push } from './support/http.ts';

type Result = { status: string; reason?: { code: string } };
type FoView = { id: string; lines: { lineId: string; quantity: number }[] };

let seq = 0;
const envelope = (command: Record<string, unknown>, sessionId: string | undefined) => {
  seq += 1;
  return { id: crypto.randomUUID(), deviceSeq: seq, createdAt: new Date().toISOString(), baseVersion: 1, command, sessionId };
};

/** An envelope the test helper stamps with the device's fixture session (a manager). */
const asFixtureManager = (command: Record<string, unknown>) => {
  const { sessionId: _unset, ...rest } = envelope(command, undefined);
  return rest;
};

async function person(f: Fixture, role: string) {
  const res = await call(f, 'POST', '/api/v1/admin/associates', { token: f.adminKey, body: { firstName: 'Pat', lastName: 'Lee', role, pin: '5555' } });
  expect(res.status).toBe(201);
  return String(res.body.badge);
}

async function signIn(f: Fixture, device: string, role: string) {
  const res = await call(f, 'POST', '/api/v1/sessions', { token: device, body: { badge: await person(f, role), pin: '5555' } });
  expect(res.status).toBe(201);
  return { sessionId: String(res.body.sessionId), sessionToken: String(res.body.sessionToken) };
}

async function send(f: Fixture, device: string, command: Record<string, unknown>, sessionId: string | undefined): Promise<Result> {
  const res = await push(f, device, [envelope(command, sessionId)]);
  expect(res.status).toBe(200);
  return (res.body.results as Result[])[0]!;
}

async function pickupOrder(f: Fixture): Promise<FoView> {
  const res = await capture(f, orderBody({ pickupLocationId: 'store-a' }), `perm-${Math.random()}`);
  expect(res.status).toBe(201);
  return (res.body.fulfilmentOrders as FoView[])[0]!;
}

describe.each(BACKENDS)('who may push what on $name', (backend) => {
  const f = useFixture(backend);

  test('[AU7] every command names its signed-in author; each role may push only its own work', async () => {
    const device = await f.enrol('store-a');
    const fo = await pickupOrder(f);
    const pick = { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: fo.lines[0]!.lineId, quantity: 1 };

    expect(await send(f, device, pick, undefined)).toMatchObject({ status: 'rejected', reason: { code: 'sign_in_required' } });
    const otherDevice = await f.enrol('store-a');
    const elsewhere = await signIn(f, otherDevice, 'picker');
    expect(await send(f, device, pick, elsewhere.sessionId)).toMatchObject({ status: 'rejected', reason: { code: 'sign_in_required' } });

    const kiosk = await signIn(f, device, 'counter_kiosk');
    expect(await send(f, device, pick, kiosk.sessionId)).toMatchObject({ status: 'rejected', reason: { code: 'not_permitted' } });
    const returnsDesk = await signIn(f, device, 'returns');
    expect(await send(f, device, pick, returnsDesk.sessionId)).toMatchObject({ status: 'rejected', reason: { code: 'not_permitted' } });

    const picker = await signIn(f, device, 'picker');
    expect(await send(f, device, pick, picker.sessionId)).toMatchObject({ status: 'applied' });
    const { rows } = await f.db.query<{ associate_id: string | null; status: string }>(
      `SELECT c.associate_id, c.status FROM commands c JOIN sessions s ON s.associate_id = c.associate_id WHERE s.id = $1`,
      [picker.sessionId],
    );
    expect(rows).toEqual([{ associate_id: expect.any(String), status: 'applied' }]);

    // Made while signed in, pushed after sign-out: the outbox outlives the session and the command still counts.
    await call(f, 'DELETE', '/api/v1/sessions/current', { token: device, headers: { 'Aisle-Session': picker.sessionToken } });
    expect(await send(f, device, { ...pick, lineId: fo.lines[1]!.lineId }, picker.sessionId)).toMatchObject({ status: 'applied' });
  });

  test('[AU7] a photo-ID handoff and clearing an uncollected pickup are a manager\'s; an associate hands over by code', async () => {
    const device = await f.enrol('store-a');
    const manager = await signIn(f, device, 'manager');
    const fo = await pickupOrder(f);
    for (const line of fo.lines) {
      for (let i = 0; i < line.quantity; i++) await send(f, device, { type: 'pick_line', fulfilmentOrderId: fo.id, lineId: line.lineId, quantity: 1 }, manager.sessionId);
    }
    expect(await send(f, device, { type: 'stage_for_pickup', fulfilmentOrderId: fo.id, bin: 'B1' }, manager.sessionId)).toMatchObject({ status: 'applied' });
    const associate = await signIn(f, device, 'associate');
    const byId = { type: 'hand_off', fulfilmentOrderId: fo.id, verification: { method: 'id_checked' }, outcome: { kind: 'all' } };
    expect(await send(f, device, byId, associate.sessionId)).toMatchObject({ status: 'rejected', reason: { code: 'not_permitted' } });
    expect(await send(f, device, { type: 'expire_pickup', fulfilmentOrderId: fo.id }, associate.sessionId)).toMatchObject({
      status: 'rejected',
      reason: { code: 'not_permitted' },
    });
    expect(await send(f, device, byId, manager.sessionId)).toMatchObject({ status: 'applied' });
  });

  test('[AU8] wrong pickup codes are rate-limited per device: after five, even the right code waits', async () => {
    const device = await f.enrol('store-a');
    const associate = await signIn(f, device, 'associate');
    const fo = await pickupOrder(f);
    const staff = await f.enrol('store-a');
    for (const line of fo.lines) {
      for (let i = 0; i < line.quantity; i++) await push(f, staff, [asFixtureManager({ type: 'pick_line', fulfilmentOrderId: fo.id, lineId: line.lineId, quantity: 1 })]);
    }
    await push(f, staff, [asFixtureManager({ type: 'stage_for_pickup', fulfilmentOrderId: fo.id, bin: 'B2' })]);
    const { rows } = await f.db.query<{ pickup_code: { salt: string; sha256: string } }>('SELECT pickup_code FROM fulfilment_orders WHERE id = $1', [fo.id]);
    const salt = rows[0]!.pickup_code.salt;
    const digest = (code: string) => createHash('sha256').update(pickupCodeDigestInput(salt, code)).digest('hex');
    const handOff = (code: string) => ({ type: 'hand_off', fulfilmentOrderId: fo.id, verification: { method: 'pickup_code', digest: digest(code) }, outcome: { kind: 'all' } });
    for (let i = 0; i < 5; i++) {
      expect(await send(f, device, handOff(`WRNG-${i}XYZ`), associate.sessionId)).toMatchObject({ status: 'rejected', reason: { code: 'pickup_code_mismatch' } });
    }
    // Whatever the sixth code is, it is not even checked: the device is cooling down.
    expect(await send(f, device, handOff('ANYT-HING'), associate.sessionId)).toMatchObject({ status: 'rejected', reason: { code: 'too_many_attempts' } });
    // Later, the window has passed and codes are checked again.
    const saved = f.now.value;
    f.now.value = new Date(saved.getTime() + 16 * 60_000);
    try {
      expect(await send(f, device, handOff('WRNG-9XYZ'), associate.sessionId)).toMatchObject({ status: 'rejected', reason: { code: 'pickup_code_mismatch' } });
    } finally {
      f.now.value = saved;
    }
    // Meanwhile a manager can still serve the customer on a photo-ID check.
    const manager = await signIn(f, device, 'manager');
    expect(
      await send(f, device, { type: 'hand_off', fulfilmentOrderId: fo.id, verification: { method: 'id_checked' }, outcome: { kind: 'all' } }, manager.sessionId),
    ).toMatchObject({ status: 'applied' });
  });

  test('[FX10] a fulfilment order its location gave up entirely reaches that location\'s devices as a tombstone', async () => {
    const device = await f.enrol('store-a');
    const fo = await pickupOrder(f);
    const res = await push(f, device, [asFixtureManager({ type: 'short_pick', fulfilmentOrderId: fo.id, reason: 'damaged', scope: { kind: 'all' } })]);
    expect((res.body.results as Result[])[0]).toMatchObject({ status: 'applied' });
    const docs = (await pull(f, device, null, 1000)).body.documents as { id: string; _deleted: boolean }[];
    expect(docs.find((d) => d.id === fo.id)).toMatchObject({ _deleted: true });
  });
});
