import type { FloorCommand } from '@aisle/domain';
import type { CommandEnvelope, CommandResult } from '@aisle/domain/protocol';
import { map, type Observable } from 'rxjs';
import type { AisleDatabase } from '../../db/database.ts';
import { nextDeviceSeq, readSession } from '../../db/device-store.ts';
import type { OutboxEntry } from '../../db/schemas.ts';
import { uuidv7 } from '../../lib/uuidv7.ts';
import { isReflectedIn } from './rebase.ts';

// The outbox state machine is drawn in db/schemas.ts next to its schema.

/**
 * Records one command the associate made. Resolves only once the entry is
 * in the database, which is the moment the UI may say "done": nothing is
 * acknowledged to the user before it would survive a reload.
 *
 * The entry is stamped with the signed-in session, read here rather than
 * passed in so no caller can forget it; the stamp travels with the entry, so
 * it still names its author when it is pushed after they signed out.
 */
export async function enqueueCommand(
  db: AisleDatabase,
  command: FloorCommand,
  baseVersion: number,
  now: Date,
  newId: (nowMs: number) => string = uuidv7,
): Promise<OutboxEntry> {
  const session = await readSession(db);
  const deviceSeq = await nextDeviceSeq(db);
  const entry: OutboxEntry = {
    id: newId(now.getTime()),
    deviceSeq,
    createdAt: now.toISOString(),
    baseVersion,
    ...(session ? { sessionId: session.sessionId } : {}),
    command,
    fulfilmentOrderId: command.fulfilmentOrderId,
    state: 'pending',
  };
  await db.outbox.insert(entry);
  return entry;
}

/** The next commands to send, oldest first: the server applies them in this order. */
export async function pendingBatch(db: AisleDatabase, limit: number): Promise<OutboxEntry[]> {
  const docs = await db.outbox
    .find({ selector: { state: 'pending' }, sort: [{ deviceSeq: 'asc' }], limit })
    .exec();
  return docs.map((doc) => doc.toMutableJSON());
}

export function toEnvelope(entry: OutboxEntry): CommandEnvelope {
  return {
    // The id was made by uuidv7() and stored as a plain string; the brand is the wire's, not ours.
    id: entry.id as CommandEnvelope['id'],
    deviceSeq: entry.deviceSeq,
    createdAt: entry.createdAt,
    baseVersion: entry.baseVersion,
    ...(entry.sessionId !== undefined ? { sessionId: entry.sessionId } : {}),
    command: entry.command,
  };
}

/**
 * Moves entries out of `pending` according to the server's answers. Only
 * `pending` entries move, so an answer replayed for an entry already handled
 * changes nothing. Returns how many entries changed state.
 */
export async function recordResults(db: AisleDatabase, results: readonly CommandResult[]): Promise<number> {
  const docs = await db.outbox.findByIds(results.map((r) => r.commandId)).exec();
  let changed = 0;
  for (const result of results) {
    const doc = docs.get(result.commandId);
    if (!doc || doc.state !== 'pending') continue;
    if (result.status === 'applied') {
      await doc.incrementalPatch({ state: 'acked', documentVersion: result.documentVersion });
    } else {
      await doc.incrementalPatch({ state: 'rejected', reason: { code: result.reason.code, message: result.reason.message } });
    }
    changed++;
  }
  return changed;
}

/** For a command the server refused as a request (4xx), not as a business rule. */
export async function markRejected(db: AisleDatabase, id: string, reason: { code: string; message: string }): Promise<void> {
  const doc = await db.outbox.findOne(id).exec();
  if (doc?.state === 'pending') await doc.incrementalPatch({ state: 'rejected', reason });
}

/**
 * Drops `acked` entries the replica has caught up with (or whose document
 * left the device's scope): from then on the replica alone shows the pick.
 * Returns how many were removed.
 */
export async function pruneCaughtUp(db: AisleDatabase): Promise<number> {
  const acked = await db.outbox.find({ selector: { state: 'acked' } }).exec();
  if (acked.length === 0) return 0;
  const replicas = await db.fulfilment_orders.findByIds(acked.map((e) => e.fulfilmentOrderId)).exec();
  const done = acked.filter((entry) => {
    const replica = replicas.get(entry.fulfilmentOrderId);
    return !replica || isReflectedIn(entry, replica);
  });
  if (done.length === 0) return 0;
  await db.outbox.bulkRemove(done.map((e) => e.id));
  return done.length;
}

/** Every outbox entry in device order, as plain objects. */
export function outboxEntries$(db: AisleDatabase): Observable<OutboxEntry[]> {
  return db.outbox
    .find({ sort: [{ deviceSeq: 'asc' }] })
    .$.pipe(map((docs) => docs.map((doc) => doc.toMutableJSON())));
}
