import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@aisle/domain/protocol';
import type { Fixture } from './fixture.ts';

type Json = Record<string, unknown>;

export async function call(
  f: Fixture,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const init: RequestInit = { method, headers };
  if (opts.rawBody !== undefined) init.body = opts.rawBody;
  else if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
  const res = await f.app.request(path, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {}, headers: res.headers };
}

export function capture(f: Fixture, body: unknown, key: string, token = f.channelKey) {
  return call(f, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': key } });
}

const proto = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

export function pull(f: Fixture, token: string, checkpoint: unknown = null, limit = 100) {
  return call(f, 'POST', '/api/v1/sync/pull', { token, body: { collection: 'fulfilment_orders', checkpoint, limit }, headers: proto });
}

/** The sign-in session of each device token, registered by the fixture when it enrols a device. */
const sessionsByDevice = new Map<string, string>();
export function registerSession(deviceToken: string, sessionId: string): void {
  sessionsByDevice.set(deviceToken, sessionId);
}

/** Pushes as the device's signed-in associate unless an envelope says otherwise (carries its own `sessionId` key). */
export function push(f: Fixture, token: string, commands: unknown[]) {
  const sessionId = sessionsByDevice.get(token);
  const stamped = commands.map((c) => (typeof c === 'object' && c !== null && !('sessionId' in c) && sessionId ? { ...c, sessionId } : c));
  return call(f, 'POST', '/api/v1/sync/push', { token, body: { commands: stamped }, headers: proto });
}

let deviceSeq = 0;
export function pickEnvelope(fulfilmentOrderId: string, lineId: string, opts: { id?: string; quantity?: number } = {}) {
  deviceSeq += 1;
  return {
    id: opts.id ?? crypto.randomUUID(),
    deviceSeq,
    createdAt: new Date().toISOString(),
    baseVersion: 1,
    command: { type: 'pick_line', fulfilmentOrderId, lineId, quantity: opts.quantity ?? 1 },
  };
}
