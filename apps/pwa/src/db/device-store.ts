import type { EnrolResponse } from '@aisle/domain/protocol';
import { map, type Observable } from 'rxjs';
import type { AisleDatabase } from './database.ts';

// Device state lives in RxDB local documents: one store, one persistence
// request, and signing out can never take the outbox with it.
const ENROLMENT = 'enrolment';
const DEVICE_SEQ = 'device-seq';
const SYNC_STATE = 'sync-state';

export interface Enrolment {
  deviceId: string;
  token: string;
  tenantId: string;
  location: { id: string; name: string; kind: EnrolResponse['location']['kind'] };
  enrolledAt: string;
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
