import { SESSION_HEADER, type PushRequest, type SignInResponse } from '@aisle/domain/protocol';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ApiClient, ApiFailure, type FetchLike } from '../src/api/api-client.ts';
import type { AisleDatabase } from '../src/db/database.ts';
import { forgetCredentials, readLastActivity, readSession, recordActivity, saveEnrolment, saveSession, session$ } from '../src/db/device-store.ts';
import { pickByScan } from '../src/features/pick/pick-by-scan.ts';
import { SessionKeeper } from '../src/features/sign-in/session-keeper.ts';
import { checkSession, describeSignInFailure, homeFor, sessionEndsAt, signIn, signOut } from '../src/features/sign-in/session.ts';
import { manualNetwork } from '../src/features/sync/network.ts';
import { OutboxPusher } from '../src/features/sync/outbox-pusher.ts';
import { enqueueCommand, toEnvelope } from '../src/features/sync/outbox.ts';
import { MUG_GTIN, makeFulfilmentOrder, pickCommand } from './fixtures.ts';
import { createTestDatabase } from './test-database.ts';

const NOW = new Date('2026-11-27T11:00:00.000Z');
const BASE_URL = 'http://aisle.test';

function signInResponse(overrides: Partial<SignInResponse> = {}): SignInResponse {
  return {
    sessionToken: 'st_secret',
    sessionId: 'sess-1',
    associate: { id: 'a-1', displayName: 'Tom R.', role: 'associate' },
    expiresAt: '2026-11-27T23:00:00.000Z',
    idleTimeoutSeconds: 1800,
    permissions: ['pick_line', 'short_pick', 'hand_off'],
    ...overrides,
  };
}

interface Call {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

const json = (status: number, body: unknown) => new Response(status === 204 ? null : JSON.stringify(body), { status });

/** A scripted server: answers by `METHOD path`, records every request. */
function scriptedFetch(answers: Record<string, () => Response>): FetchLike & { calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    const path = new URL(input).pathname;
    const method = init.method ?? 'GET';
    calls.push({ method, path, headers: new Headers(init.headers), body: init.body ? JSON.parse(String(init.body)) : undefined });
    const answer = answers[`${method} ${path}`];
    if (!answer) throw new TypeError('Failed to fetch');
    return answer();
  };
  return Object.assign(fetch, { calls });
}

const offline: FetchLike = async () => {
  throw new TypeError('Failed to fetch');
};

describe('session on the device', () => {
  let db: AisleDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.remove();
  });

  const outbox = async () => (await db.outbox.find({ sort: [{ deviceSeq: 'asc' }] }).exec()).map((d) => d.toMutableJSON());

  test('sign-in posts badge and PIN with the device token and keeps the session in the device store', async () => {
    const fetch = scriptedFetch({ 'POST /api/v1/sessions': () => json(201, signInResponse()) });
    await signIn(db, new ApiClient({ baseUrl: BASE_URL, fetch, token: 'device-t' }), '  AB-123456 ', '4821', NOW);

    expect(fetch.calls[0]?.body).toEqual({ badge: 'AB-123456', pin: '4821' });
    expect(fetch.calls[0]?.headers.get('Authorization')).toBe('Bearer device-t');
    expect(fetch.calls[0]?.headers.has(SESSION_HEADER)).toBe(false);
    expect(await readSession(db)).toEqual({
      sessionId: 'sess-1',
      token: 'st_secret',
      associate: { id: 'a-1', displayName: 'Tom R.', role: 'associate' },
      permissions: ['pick_line', 'short_pick', 'hand_off'],
      expiresAt: '2026-11-27T23:00:00.000Z',
      idleTimeoutSeconds: 1800,
      signedInAt: NOW.toISOString(),
    });
    expect((await firstValueFrom(session$(db)))?.associate.displayName).toBe('Tom R.');
  });

  test('a refused sign-in stores nothing and reports the server code', async () => {
    const fetch = scriptedFetch({
      'POST /api/v1/sessions': () => json(401, { error: { code: 'sign_in_failed', message: 'that badge and PIN do not match' } }),
    });
    const failure = await signIn(db, new ApiClient({ baseUrl: BASE_URL, fetch, token: 'device-t' }), 'AB-1', '0000', NOW).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).code).toBe('sign_in_failed');
    expect(await readSession(db)).toBeNull();
  });

  test('every command put in the outbox carries the current sessionId, and the push envelope sends it', async () => {
    const before = await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    await saveSession(db, signInResponse(), NOW);
    const during = await enqueueCommand(db, pickCommand('l2'), 1, NOW);
    await db.fulfilment_orders.insert(makeFulfilmentOrder());
    const scanned = await pickByScan(db, 'fo-1', MUG_GTIN, NOW);

    expect(before.sessionId).toBeUndefined();
    expect(during.sessionId).toBe('sess-1');
    expect(scanned.kind).toBe('ok');
    expect((await outbox()).map((e) => e.sessionId)).toEqual([undefined, 'sess-1', 'sess-1']);
    expect(toEnvelope(during)).toMatchObject({ id: during.id, sessionId: 'sess-1' });
    expect('sessionId' in toEnvelope(before)).toBe(false);
  });

  test('sign-out calls DELETE with both tokens, clears the session and keeps every outbox entry', async () => {
    const session = await saveSession(db, signInResponse(), NOW);
    await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    await enqueueCommand(db, pickCommand('l2'), 1, NOW);
    const fetch = scriptedFetch({ 'DELETE /api/v1/sessions/current': () => json(204, null) });

    await signOut(db, new ApiClient({ baseUrl: BASE_URL, fetch, token: 'device-t', sessionToken: session.token }), session);

    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.headers.get(SESSION_HEADER)).toBe('st_secret');
    expect(fetch.calls[0]?.headers.get('Authorization')).toBe('Bearer device-t');
    expect(await readSession(db)).toBeNull();
    expect(await readLastActivity(db, 'sess-1')).toBeNull();
    // The token must not linger in storage (a removed local document keeps its data as a tombstone).
    expect(JSON.stringify((await db.getLocal('session'))?.toJSON())).not.toContain('st_secret');
    expect((await outbox()).map((e) => [e.state, e.sessionId])).toEqual([
      ['pending', 'sess-1'],
      ['pending', 'sess-1'],
    ]);
  });

  test('sign-out without a network still signs out locally', async () => {
    const session = await saveSession(db, signInResponse(), NOW);
    await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    await signOut(db, new ApiClient({ baseUrl: BASE_URL, fetch: offline, token: 'device-t', sessionToken: session.token }), session);
    expect(await readSession(db)).toBeNull();
    expect(await db.outbox.count().exec()).toBe(1);
  });

  test('commands made in a session are pushed with its sessionId after sign-out', async () => {
    const session = await saveSession(db, signInResponse(), NOW);
    await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    await signOut(db, new ApiClient({ baseUrl: BASE_URL, fetch: offline, token: 'device-t', sessionToken: session.token }), session);

    const pushes: PushRequest[] = [];
    const fetch: FetchLike = async (_input, init) => {
      const request = JSON.parse(String(init?.body)) as PushRequest;
      pushes.push(request);
      return json(200, { results: request.commands.map((c) => ({ commandId: c.id, status: 'applied', documentVersion: 2 })) });
    };
    await new OutboxPusher({
      db,
      client: new ApiClient({ baseUrl: BASE_URL, fetch, token: 'device-t' }),
      onSuccess: () => undefined,
      onFailure: () => undefined,
      onPushed: () => undefined,
      backoff: { baseMs: 60_000, maxMs: 60_000 },
    }).trigger();

    expect(pushes[0]?.commands.map((c) => c.sessionId)).toEqual(['sess-1']);
    expect((await outbox()).map((e) => e.state)).toEqual(['acked']);
  });

  test('a 401 session_expired from a session call signs out; other failures change nothing', async () => {
    const session = await saveSession(db, signInResponse(), NOW);
    await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    const client = (fetch: FetchLike) => new ApiClient({ baseUrl: BASE_URL, fetch, token: 'device-t', sessionToken: session.token });

    expect(await checkSession(db, client(offline), session)).toBe('unknown');
    const down = scriptedFetch({ 'GET /api/v1/sessions/current': () => json(503, { error: { code: 'internal', message: 'down' } }) });
    expect(await checkSession(db, client(down), session)).toBe('unknown');
    expect(await readSession(db)).not.toBeNull();

    const expired = scriptedFetch({
      'GET /api/v1/sessions/current': () => json(401, { error: { code: 'session_expired', message: 'signed out after a while' } }),
    });
    expect(await checkSession(db, client(expired), session)).toBe('ended');
    expect(expired.calls[0]?.headers.get(SESSION_HEADER)).toBe('st_secret');
    expect(await readSession(db)).toBeNull();
    expect(await db.outbox.count().exec()).toBe(1);
  });

  test('a late answer about an earlier session does not sign out the next associate', async () => {
    const first = await saveSession(db, signInResponse(), NOW);
    await saveSession(db, signInResponse({ sessionId: 'sess-2', sessionToken: 'st_two' }), NOW);
    const ended = scriptedFetch({ 'GET /api/v1/sessions/current': () => json(401, { error: { code: 'session_ended', message: 'signed out' } }) });
    await checkSession(db, new ApiClient({ baseUrl: BASE_URL, fetch: ended, token: 'device-t', sessionToken: first.token }), first);
    expect((await readSession(db))?.sessionId).toBe('sess-2');
  });

  test('forgetting the device credentials signs out too, and keeps the outbox', async () => {
    await saveEnrolment(
      db,
      { deviceId: 'd-1', token: 'device-t', tenantId: 't-1', location: { id: 'store-1', name: 'North', kind: 'store' } } as never,
      NOW,
    );
    await saveSession(db, signInResponse(), NOW);
    await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    await forgetCredentials(db);
    expect(await readSession(db)).toBeNull();
    expect(await db.outbox.count().exec()).toBe(1);
  });
});

describe('idle timeout on the device', () => {
  let db: AisleDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.remove();
  });

  function keeper(session: Awaited<ReturnType<typeof saveSession>>, clock: { ms: number }, fetch: FetchLike = offline) {
    return new SessionKeeper({
      db,
      session,
      client: new ApiClient({ baseUrl: BASE_URL, fetch, token: 'device-t', sessionToken: session.token }),
      network: manualNetwork(false),
      now: () => clock.ms,
    });
  }

  test('input keeps the session; idleTimeoutSeconds without input signs out locally and keeps the outbox', async () => {
    const session = await saveSession(db, signInResponse({ idleTimeoutSeconds: 60 }), NOW);
    await enqueueCommand(db, pickCommand('l1'), 1, NOW);
    const clock = { ms: NOW.getTime() };
    const k = keeper(session, clock);
    await k.start();

    clock.ms += 50_000;
    k.activity();
    clock.ms += 50_000; // 100 s after sign-in, 50 s after the last input
    expect(await k.check()).toBe(false);
    expect(await readSession(db)).not.toBeNull();

    clock.ms += 10_000;
    expect(await k.check()).toBe(true);
    expect(await readSession(db)).toBeNull();
    expect((await db.outbox.find().exec()).map((e) => e.state)).toEqual(['pending']);
  });

  test('input recorded by another tab counts', async () => {
    const session = await saveSession(db, signInResponse({ idleTimeoutSeconds: 60 }), NOW);
    const clock = { ms: NOW.getTime() + 90_000 };
    await recordActivity(db, session.sessionId, new Date(NOW.getTime() + 45_000));
    expect(await keeper(session, clock).check()).toBe(false);
    clock.ms = NOW.getTime() + 106_000;
    expect(await keeper(session, clock).check()).toBe(true);
    expect(await readSession(db)).toBeNull();
  });

  test('a device reopened after the idle limit is signed out at start', async () => {
    const session = await saveSession(db, signInResponse({ idleTimeoutSeconds: 1800 }), NOW);
    const k = keeper(session, { ms: NOW.getTime() + 31 * 60_000 });
    await k.start();
    expect(k.ended).toBe(true);
    expect(await readSession(db)).toBeNull();
  });

  test('the session ends at expiresAt even with constant input', () => {
    const session = { signedInAt: NOW.toISOString(), idleTimeoutSeconds: 1800, expiresAt: '2026-11-27T11:10:00.000Z' };
    expect(sessionEndsAt(session, '2026-11-27T11:09:00.000Z')).toBe(Date.parse('2026-11-27T11:10:00.000Z'));
    expect(sessionEndsAt({ ...session, expiresAt: '2026-11-27T23:00:00.000Z' }, null)).toBe(NOW.getTime() + 1_800_000);
  });
});

describe('sign-in words and roles', () => {
  const failure = (status: number, code: string, message = 'x') =>
    new ApiFailure(status === 401 ? 'unauthenticated' : 'refused', message, status, code);

  test('each refusal has its own message; a locked badge says when to retry', () => {
    expect(describeSignInFailure(failure(401, 'sign_in_failed'))).toMatch(/badge and PIN do not match/);
    expect(describeSignInFailure(failure(403, 'wrong_location'))).toMatch(/not for this store/);
    const locked = failure(423, 'badge_locked', 'too many wrong PINs: try again after 2026-11-27T11:15:00.000Z, or ask a manager');
    expect(describeSignInFailure(locked, (at) => at.toISOString())).toBe(
      'This badge is locked after too many wrong PINs. Try again after 2026-11-27T11:15:00.000Z, or ask a manager.',
    );
    expect(describeSignInFailure(failure(423, 'badge_locked', 'locked'))).toMatch(/Try again in 15 minutes/);
    expect(describeSignInFailure(new ApiFailure('network', 'down'))).toMatch(/Cannot reach the server/);
  });

  test('the home screen follows the role', () => {
    expect(homeFor('picker')).toBe('orders');
    expect(homeFor('associate')).toBe('orders');
    expect(homeFor('manager')).toBe('orders');
    expect(homeFor('returns')).toBe('returns_pending');
    expect(homeFor('counter_kiosk')).toBe('counter');
  });
});
