import { applyFloorCommand, validateFloorCommand, type FulfilmentOrder } from '@aisle/domain';
import type { CommandEnvelope, CommandResult } from '@aisle/domain/protocol';
import type { DevicePrincipal } from '../http/auth.ts';
import type { Db, Sql } from '../storage/db.ts';
import { FULFILMENT_ORDER_SELECT, markChanged, toFulfilmentOrder, type FoRow } from './replica.ts';

const SERVER_APPLIES: ReadonlySet<string> = new Set(['pick_line']);

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
    const { result, changed } = await db.transaction((tx) => applyOne(tx, device, envelope, clock().toISOString()));
    results.push(result);
    if (changed) changedLocations.add(device.locationId);
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
  now: string,
): Promise<{ result: CommandResult; changed: boolean }> {
  const cmd = envelope.command;
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
      return { result: reject(envelope, 'command_id_reused', 'this command id was already used by another device'), changed: false };
    }
    return { result: storedResult(envelope, row), changed: false };
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
  // The domain knows every floor command, but this server stores only what a
  // pick changes so far; applying the others would lose their data (packages,
  // bins, handoff records). Refuse them plainly until their storage exists.
  if (!SERVER_APPLIES.has(cmd.type)) {
    return { result: await record(reject(envelope, 'command_not_supported', `this server does not apply ${cmd.type} commands yet`)), changed: false };
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
    return { result: await record(reject(envelope, 'fulfilment_order_not_found', 'no such fulfilment order at this location')), changed: false };
  }
  const fo = toFulfilmentOrder(row);
  const verdict = validateFloorCommand(fo, cmd);
  if (!verdict.ok) return { result: await record(reject(envelope, verdict.error.code, verdict.error.message)), changed: false };

  const { state, events } = applyFloorCommand(fo, cmd, { now });
  await saveFulfilmentOrder(tx, device.tenantId, fo, state);
  for (const event of events) {
    await tx.query(
      `INSERT INTO fulfilment_events (tenant_id, fulfilment_order_id, type, payload, command_id, at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [device.tenantId, fo.id, event.type, JSON.stringify(event), envelope.id, now],
    );
  }
  await markChanged(tx, { tenantId: device.tenantId, locationId: fo.locationId, collection: 'fulfilment_orders', docId: fo.id });
  return { result: await record({ commandId: envelope.id, status: 'applied', documentVersion: state.version }), changed: true };
}

function reject(envelope: CommandEnvelope, code: string, message: string): CommandResult {
  return { commandId: envelope.id, status: 'rejected', reason: { code, message } };
}

/** Writes what a command changed: header fields, and only the lines whose pick count moved. */
async function saveFulfilmentOrder(tx: Sql, tenantId: string, before: FulfilmentOrder, after: FulfilmentOrder): Promise<void> {
  await tx.query(
    'UPDATE fulfilment_orders SET status = $3, version = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2',
    [tenantId, after.id, after.status, after.version, after.updatedAt],
  );
  for (const line of after.lines) {
    const old = before.lines.find((l) => l.lineId === line.lineId);
    if (old?.picked === line.picked) continue;
    await tx.query(
      'UPDATE fulfilment_order_lines SET picked = $4 WHERE tenant_id = $1 AND fulfilment_order_id = $2 AND line_id = $3',
      [tenantId, after.id, line.lineId, line.picked],
    );
  }
}
