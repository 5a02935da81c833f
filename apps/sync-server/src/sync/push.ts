import { applyFloorCommand, pickupCodeDigestInput, validateFloorCommand, type FloorFulfilmentOrder, type LocationId } from '@aisle/domain';
import type { CommandEnvelope, CommandResult } from '@aisle/domain/protocol';
import { displayName } from '../auth/associates.ts';
import { commandRefusalForRole, type Role } from '../auth/permissions.ts';
import { applyFloorEffects } from '../fulfilment/floor-effects.ts';
import { applyDeviceStockCommand, isStockCommand } from '../inventory/device-stock-commands.ts';
import type { DevicePrincipal } from '../http/auth.ts';
import { applyDeviceReturnCommand, isReturnCommand } from '../returns/apply-returns.ts';
import { newPickupCode } from '../secrets.ts';
import type { Db, Sql } from '../storage/db.ts';
import { insertEvents, raiseRestockTask, saveFulfilmentOrder } from '../fulfilment/fulfilment-store.ts';
import { FULFILMENT_ORDER_SELECT, markChanged, toFloorFulfilmentOrder, type FoRow } from './replica.ts';

export interface PushOutcome {
  results: CommandResult[];
  /** Locations whose replicas changed; to notify after commit. */
  changedLocations: Set<string>;
}

/**
 * Upstream: applies a device's commands in the order sent, each in its own
 * transaction, exactly once by command id (SY2). Conflicts are settled here,
 * on the server, never on the device.
 */
export async function pushCommands(
  db: Db,
  device: DevicePrincipal,
  commands: readonly CommandEnvelope[],
  clock: () => Date,
): Promise<PushOutcome> {
  const results: CommandResult[] = [];
  const changedLocations = new Set<string>();
  for (const envelope of commands) {
    const { result, changed } = await db.transaction((tx) => applyOne(tx, device, envelope, clock()));
    results.push(result);
    for (const location of changed) changedLocations.add(location);
  }
  return { results, changedLocations };
}

interface StoredCommand {
  device_id: string;
  status: 'applied' | 'rejected';
  reason_code: string | null;
  reason_message: string | null;
  document_version: number | null;
}

function storedResult(envelope: CommandEnvelope, row: StoredCommand): CommandResult {
  return row.status === 'applied'
    ? { commandId: envelope.id, status: 'applied', documentVersion: row.document_version ?? 0 }
    : {
        commandId: envelope.id,
        status: 'rejected',
        reason: { code: row.reason_code ?? 'unknown', message: row.reason_message ?? '' },
      };
}

async function applyOne(
  tx: Sql,
  device: DevicePrincipal,
  envelope: CommandEnvelope,
  clockNow: Date,
): Promise<{ result: CommandResult; changed: string[] }> {
  // Received goods and counted shelves are where the device is: the body's location is never trusted.
  const cmd =
    envelope.command.type === 'receive_return_line'
      ? { ...envelope.command, locationId: device.locationId }
      : isStockCommand(envelope.command)
        ? { ...envelope.command, locationId: device.locationId as LocationId }
        : envelope.command;
  const now = clockNow.toISOString();
  // Claim the id first. A concurrent push of the same id blocks on this insert
  // until the first commits, then finds the stored result below.
  const claimed = await tx.query(
    `INSERT INTO commands (id, tenant_id, location_id, device_id, device_seq, type, payload, device_created_at,
                           base_version, received_at, status, document_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'applied', 0)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [envelope.id, device.tenantId, device.locationId, device.deviceId, envelope.deviceSeq, cmd.type,
      JSON.stringify(cmd), envelope.createdAt, envelope.baseVersion, now],
  );
  if (claimed.rows.length === 0) {
    const { rows } = await tx.query<StoredCommand>(
      'SELECT device_id, status, reason_code, reason_message, document_version FROM commands WHERE id = $1',
      [envelope.id],
    );
    const row = rows[0];
    if (!row || row.device_id !== device.deviceId) {
      // Another device's command id: never reveal its outcome.
      return { result: reject(envelope, 'command_id_reused', 'this command id was already used by another device'), changed: [] };
    }
    return { result: storedResult(envelope, row), changed: [] };
  }

  const record = async (result: CommandResult) => {
    await tx.query(
      `UPDATE commands SET status = $2, reason_code = $3, reason_message = $4, document_version = $5 WHERE id = $1`,
      result.status === 'applied'
        ? [envelope.id, 'applied', null, null, result.documentVersion]
        : [envelope.id, 'rejected', result.reason.code, result.reason.message, null],
    );
    return result;
  };
  // Who made it: the session stamped on the command when the associate acted.
  // It may have ended since (the device's outbox outlives sign-out), so any
  // session of this device counts; its role decides what is allowed.
  const author = await commandAuthor(tx, device, envelope.sessionId);
  if (!author) return { result: await record(reject(envelope, 'sign_in_required', 'this command was made without a signed-in associate')), changed: [] };
  await tx.query('UPDATE commands SET associate_id = $2 WHERE id = $1', [envelope.id, author.associateId]);
  const forbidden = commandRefusalForRole(author.role, cmd);
  if (forbidden) return { result: await record(reject(envelope, forbidden.code, forbidden.message)), changed: [] };
  if (cmd.type === 'hand_off' && cmd.verification.method === 'pickup_code' && (await pickupCodeFailures(tx, device.deviceId, clockNow)) >= MAX_PICKUP_CODE_FAILURES) {
    return {
      result: await record(reject(envelope, 'too_many_attempts', 'too many wrong pickup codes on this device: wait a few minutes, or ask a manager to check photo ID')),
      changed: [],
    };
  }
  if (isReturnCommand(cmd)) {
    const outcome = await applyDeviceReturnCommand(tx, device, cmd, {
      tenantId: device.tenantId,
      now: clockNow,
      source: `command:${envelope.id}`,
      commandId: envelope.id,
    });
    // Returns are in no replica yet; a restock moved stock levels, which the receiving location's devices replicate.
    return outcome.ok
      ? { result: await record({ commandId: envelope.id, status: 'applied', documentVersion: outcome.documentVersion }), changed: outcome.changedLocations }
      : { result: await record(reject(envelope, outcome.refusal.code, outcome.refusal.message)), changed: [] };
  }
  if (isStockCommand(cmd)) {
    const outcome = await applyDeviceStockCommand(tx, device, cmd, { now: clockNow, source: `command:${envelope.id}` });
    // The stock level's count_seq is the version: a replica that shows it has caught up with the count.
    return outcome.ok
      ? { result: await record({ commandId: envelope.id, status: 'applied', documentVersion: outcome.documentVersion }), changed: outcome.changedLocations }
      : { result: await record(reject(envelope, outcome.refusal.code, outcome.refusal.message)), changed: [] };
  }
  // Lock first, read second: in READ COMMITTED a statement that waited for the
  // lock still sees its lines as of its own (older) snapshot, so the document
  // is read by a fresh statement once the lock is held.
  await tx.query('SELECT 1 FROM fulfilment_orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [
    device.tenantId,
    cmd.fulfilmentOrderId,
  ]);
  const { rows } = await tx.query<FoRow>(
    `${FULFILMENT_ORDER_SELECT} WHERE fo.tenant_id = $1 AND fo.id = $2 AND fo.location_id = $3`,
    [device.tenantId, cmd.fulfilmentOrderId, device.locationId],
  );
  const row = rows[0];
  if (!row) {
    // Same answer whether the document does not exist or belongs to another store.
    return { result: await record(reject(envelope, 'fulfilment_order_not_found', 'no such fulfilment order at this location')), changed: [] };
  }
  const fo = toFloorFulfilmentOrder(row);
  const verdict = validateFloorCommand(fo, cmd);
  if (!verdict.ok) {
    if (verdict.error.code === 'pickup_code_mismatch') {
      await tx.query('INSERT INTO pickup_code_failures (device_id, at) VALUES ($1, $2)', [device.deviceId, now]);
    }
    let message = verdict.error.message;
    if (cmd.type === 'pick_line') message = await explainRefusedPick(tx, device.tenantId, fo, cmd, envelope.id, verdict.error.code, message, clockNow);
    return { result: await record(reject(envelope, verdict.error.code, message)), changed: [] };
  }

  const outcome = applyFloorCommand(fo, cmd, { now });
  let state: FloorFulfilmentOrder = outcome.state;
  // Staging issues the customer's pickup code: the document keeps only its
  // salted digest (what the counter checks offline); the code goes to the channel.
  let pickupCode: string | undefined;
  if (cmd.type === 'stage_for_pickup') {
    const issued = newPickupCode(pickupCodeDigestInput);
    pickupCode = issued.code;
    state = { ...state, pickupCode: issued.digest };
  }
  await saveFulfilmentOrder(tx, device.tenantId, fo, state);
  await insertEvents(tx, device.tenantId, fo.id, outcome.events, envelope.id, now);
  const effects = await applyFloorEffects(
    tx,
    { tenantId: device.tenantId, fo: state, source: `command:${envelope.id}`, now: clockNow, ...(pickupCode ? { pickupCode } : {}) },
    outcome.events,
  );
  // A fulfilment order this location gave up entirely has left its scope: devices get a tombstone, not a ghost.
  await markChanged(tx, { tenantId: device.tenantId, locationId: fo.locationId, collection: 'fulfilment_orders', docId: fo.id, deleted: state.status === 'rejected' });
  return {
    result: await record({ commandId: envelope.id, status: 'applied', documentVersion: state.version }),
    changed: [...new Set([fo.locationId, ...effects.changedLocations])],
  };
}

/**
 * Conflict policy for a refused pick. The associate already has the item in
 * hand, so the refusal says what happened and what to do: another device's
 * pick of the same line names who and when (first applied wins); a pick on
 * an order cancelled or given up meanwhile raises a put-back task.
 */
async function explainRefusedPick(
  tx: Sql,
  tenantId: string,
  fo: FloorFulfilmentOrder,
  cmd: { lineId: string; quantity: number },
  commandId: string,
  code: string,
  message: string,
  now: Date,
): Promise<string> {
  if (code === 'line_already_picked' || code === 'quantity_exceeds_open') {
    const { rows } = await tx.query<{ received_at: Date; first_name: string | null; last_name: string | null }>(
      `SELECT c.received_at, a.first_name, a.last_name FROM commands c
         LEFT JOIN associates a ON a.tenant_id = c.tenant_id AND a.id = c.associate_id
        WHERE c.tenant_id = $1 AND c.type = 'pick_line' AND c.status = 'applied' AND c.id <> $4
          AND c.payload->>'fulfilmentOrderId' = $2 AND c.payload->>'lineId' = $3
        ORDER BY c.received_at DESC LIMIT 1`,
      [tenantId, fo.id, cmd.lineId, commandId],
    );
    const last = rows[0];
    if (!last) return message;
    const who = last.first_name ? displayName(last.first_name, last.last_name ?? '') : 'another device';
    return `${message}: picked by ${who} at ${new Date(last.received_at).toISOString()}`;
  }
  if (code === 'not_pickable' && ['cancelled', 'rejected', 'expired'].includes(fo.status)) {
    const line = fo.lines.find((l) => l.lineId === cmd.lineId);
    if (line) {
      await raiseRestockTask(
        tx,
        tenantId,
        { locationId: fo.locationId, fulfilmentOrderId: fo.id, reason: 'pick_after_cancel', bin: null, lines: [{ lineId: line.lineId, sku: line.sku, quantity: cmd.quantity }] },
        now.toISOString(),
      );
    }
    return `the order was ${fo.status} before this pick reached the server: put the item back on the shelf`;
  }
  return message;
}

/** Wrong pickup codes a device may send in `PICKUP_CODE_WINDOW_MS` before hand-offs by code are refused for a while. */
export const MAX_PICKUP_CODE_FAILURES = 5;
export const PICKUP_CODE_WINDOW_MS = 15 * 60_000;

async function pickupCodeFailures(tx: Sql, deviceId: string, now: Date): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM pickup_code_failures WHERE device_id = $1 AND at > $2', [
    deviceId,
    new Date(now.getTime() - PICKUP_CODE_WINDOW_MS).toISOString(),
  ]);
  return rows[0]?.n ?? 0;
}

async function commandAuthor(tx: Sql, device: DevicePrincipal, sessionId: string | undefined): Promise<{ associateId: string; role: Role } | null> {
  if (!sessionId) return null;
  const { rows } = await tx.query<{ associate_id: string; role: Role }>(
    `SELECT s.associate_id, a.role FROM sessions s JOIN associates a ON a.tenant_id = s.tenant_id AND a.id = s.associate_id
      WHERE s.id = $1 AND s.device_id = $2`,
    [sessionId, device.deviceId],
  );
  const row = rows[0];
  return row ? { associateId: row.associate_id, role: row.role } : null;
}

function reject(envelope: CommandEnvelope, code: string, message: string): CommandResult {
  return { commandId: envelope.id, status: 'rejected', reason: { code, message } };
}
