import type { AssociateRole, EnrolResponse, SignInResponse } from '@aisle/domain/protocol';
import { map, type Observable } from 'rxjs';
import type { AisleDatabase } from './database.ts';

// Device state lives in RxDB local documents: one store, one persistence
// request, and signing out can never take the outbox with it.
const ENROLMENT = 'enrolment';
const DEVICE_SEQ = 'device-seq';
const SYNC_STATE = 'sync-state';
const SESSION = 'session';
const SESSION_ACTIVITY = 'session-activity';

export interface Enrolment {
  deviceId: string;
  token: string;
  tenantId: string;
  location: { id: string; name: string; kind: EnrolResponse['location']['kind'] };
  enrolledAt: string;
}

/** The associate signed in on this device. Personal: cleared on sign-out, unlike the outbox. */
export interface Session {
  sessionId: string;
  /** Sent as `Aisle-Session` on session calls; never sent with pull, push or the stream. */
  token: string;
  associate: { id: string; displayName: string; role: AssociateRole };
  /** Command types this associate may make; screens offer only these. */
  permissions: string[];
  expiresAt: string;
  idleTimeoutSeconds: number;
  signedInAt: string;
}

// Signing out overwrites the document instead of removing it: a removed local
// document stays in IndexedDB as a tombstone that still holds its data.
interface SessionDoc {
  current: Session | null;
}

interface SessionActivityDoc {
  sessionId: string | null;
  lastActiveAt: string | null;
}

interface DeviceSeqDoc {
  next: number;
}

interface SyncStateDoc {
  lastSyncAt: string;
}

export async function saveEnrolment(db: AisleDatabase, response: EnrolResponse, now: Date): Promise<Enrolment> {
  const enrolment: Enrolment = {
    deviceId: response.deviceId,
    token: response.token,
    tenantId: response.tenantId,
    location: { ...response.location },
    enrolledAt: now.toISOString(),
  };
  await db.upsertLocal<Enrolment>(ENROLMENT, enrolment);
  return enrolment;
}

export async function readEnrolment(db: AisleDatabase): Promise<Enrolment | null> {
  const doc = await db.getLocal<Enrolment>(ENROLMENT);
  return doc ? doc.toMutableJSON().data : null;
}

/** `null` when the device has no credentials. */
export function enrolment$(db: AisleDatabase): Observable<Enrolment | null> {
  return db.getLocal$<Enrolment>(ENROLMENT).pipe(map((doc) => (doc ? doc.toMutableJSON().data : null)));
}

/**
 * Drops the token after the server refused it (revoked, or the server was
 * reset). Only the credentials go: the outbox and the deviceSeq counter stay,
 * so unsent picks are pushed again once the device is enrolled anew.
 */
export async function forgetCredentials(db: AisleDatabase): Promise<void> {
  const doc = await db.getLocal<Enrolment>(ENROLMENT);
  await doc?.remove();
  // A session belongs to the device's old enrolment; the server will not know it under a new one.
  await clearSession(db);
}

export async function saveSession(db: AisleDatabase, response: SignInResponse, now: Date): Promise<Session> {
  const session: Session = {
    sessionId: response.sessionId,
    token: response.sessionToken,
    associate: { ...response.associate },
    permissions: [...response.permissions],
    expiresAt: response.expiresAt,
    idleTimeoutSeconds: response.idleTimeoutSeconds,
    signedInAt: now.toISOString(),
  };
  await db.upsertLocal<SessionDoc>(SESSION, { current: session });
  await db.upsertLocal<SessionActivityDoc>(SESSION_ACTIVITY, { sessionId: session.sessionId, lastActiveAt: session.signedInAt });
  return session;
}

export async function readSession(db: AisleDatabase): Promise<Session | null> {
  const doc = await db.getLocal<SessionDoc>(SESSION);
  return doc?.toMutableJSON().data.current ?? null;
}

/** `null` when nobody is signed in on this device; shared by every tab. */
export function session$(db: AisleDatabase): Observable<Session | null> {
  return db.getLocal$<SessionDoc>(SESSION).pipe(map((doc) => (doc ? doc.toMutableJSON().data.current : null)));
}

/**
 * Signs the associate out of this device: their session and what the device
 * kept about them. With `onlySessionId`, only if that session is still the
 * current one. The outbox, the replica and the deviceSeq counter are the
 * device's and stay, so commands made in the session still sync.
 */
export async function clearSession(db: AisleDatabase, onlySessionId?: string): Promise<void> {
  const doc = await db.getLocal<SessionDoc>(SESSION);
  // A late answer about an earlier session must not sign out whoever signed in since.
  if (onlySessionId !== undefined && doc?.toMutableJSON().data.current?.sessionId !== onlySessionId) return;
  if (doc) await db.upsertLocal<SessionDoc>(SESSION, { current: null });
  if (await db.getLocal<SessionActivityDoc>(SESSION_ACTIVITY)) {
    await db.upsertLocal<SessionActivityDoc>(SESSION_ACTIVITY, { sessionId: null, lastActiveAt: null });
  }
}

/** Kept in the database so an idle device signs out on reopening, and every tab shares one idle clock. */
export async function recordActivity(db: AisleDatabase, sessionId: string, at: Date): Promise<void> {
  await db.upsertLocal<SessionActivityDoc>(SESSION_ACTIVITY, { sessionId, lastActiveAt: at.toISOString() });
}

/** When the associate last touched the device in this session, or null if not recorded. */
export async function readLastActivity(db: AisleDatabase, sessionId: string): Promise<string | null> {
  const data = (await db.getLocal<SessionActivityDoc>(SESSION_ACTIVITY))?.toMutableJSON().data;
  return data?.sessionId === sessionId ? data.lastActiveAt : null;
}

/**
 * Allocates the next position in this device's command order. The counter
 * only grows, across re-enrolments too; `incrementalModify` retries on a
 * write conflict, so two tabs never get the same number, and the value is
 * captured inside the modifier because a retry re-runs it.
 */
export async function nextDeviceSeq(db: AisleDatabase): Promise<number> {
  let doc = await db.getLocal<DeviceSeqDoc>(DEVICE_SEQ);
  if (!doc) {
    try {
      doc = await db.insertLocal<DeviceSeqDoc>(DEVICE_SEQ, { next: 1 });
    } catch (error) {
      // Another tab created it first.
      doc = await db.getLocal<DeviceSeqDoc>(DEVICE_SEQ);
      if (!doc) throw error;
    }
  }
  let allocated = -1;
  await doc.incrementalModify((data) => {
    allocated = data.next;
    return { next: data.next + 1 };
  });
  return allocated;
}

export async function recordSyncedAt(db: AisleDatabase, at: Date): Promise<void> {
  await db.upsertLocal<SyncStateDoc>(SYNC_STATE, { lastSyncAt: at.toISOString() });
}

/** Kept in the database so the badge shows the last sync after an offline reload and in every tab. */
export function lastSyncedAt$(db: AisleDatabase): Observable<string | null> {
  return db.getLocal$<SyncStateDoc>(SYNC_STATE).pipe(map((doc) => (doc ? doc.toJSON().data.lastSyncAt : null)));
}
