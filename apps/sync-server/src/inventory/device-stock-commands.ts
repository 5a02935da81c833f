import {
  applyStockCommand,
  validateStockCommand,
  type AdjustStockCommand,
  type AppliedCount,
  type CycleCountCommand,
  type InventoryState,
  type LocationId,
  type Sku,
  type StockLevel,
} from '@aisle/domain';
import type { Sql } from '../storage/db.ts';
import { raiseCountTask, recordStockMovement } from './stock-movements.ts';

/** The stock commands the server applies; `receive_transfer` waits for stored transfers. */
export type DeviceStockCommand = CycleCountCommand | AdjustStockCommand;

/** Every device stock command type, so the push dispatch can tell them apart; a new one fails to compile until listed. */
const STOCK_COMMAND_TYPES: Record<DeviceStockCommand['type'], true> = {
  cycle_count: true,
  adjust_stock: true,
};

export function isStockCommand(cmd: { type: string }): cmd is DeviceStockCommand {
  return Object.hasOwn(STOCK_COMMAND_TYPES, cmd.type);
}

export type DeviceStockOutcome =
  | { ok: true; documentVersion: number; changedLocations: string[] }
  | { ok: false; refusal: { code: string; message: string } };

interface LevelRow {
  on_hand: number;
  reserved: number;
  safety_stock: number;
  count_seq: number;
  last_count: AppliedCount | string | null;
}

/**
 * One cycle count or adjustment pushed by a device, in the push's transaction
 * (the caller claimed the command id, so it runs once). The stock is the
 * device's location whatever the body said. Counts and adjustments apply as
 * deltas against the locked row, never as an absolute on-hand from the device,
 * so sales booked since the device's snapshot are kept (CC1, AD4).
 */
export async function applyDeviceStockCommand(
  tx: Sql,
  device: { tenantId: string; locationId: string },
  cmd: DeviceStockCommand,
  ctx: { now: Date; source: string },
): Promise<DeviceStockOutcome> {
  const command: DeviceStockCommand = { ...cmd, locationId: device.locationId as LocationId };
  const { tenantId, locationId } = device;
  const known = await tx.query('SELECT 1 FROM products WHERE tenant_id = $1 AND sku = $2', [tenantId, command.sku]);
  if (known.rows.length === 0) return { ok: false, refusal: { code: 'unknown_sku', message: `no product ${command.sku}` } };

  const at = ctx.now.toISOString();
  // A SKU never stocked here reads as zero (CC7): create the empty level so there is a row to lock.
  const exists = await tx.query('SELECT 1 FROM stock_levels WHERE tenant_id = $1 AND location_id = $2 AND sku = $3', [tenantId, locationId, command.sku]);
  if (exists.rows.length === 0) {
    await tx.query(
      `INSERT INTO stock_levels (tenant_id, location_id, sku, on_hand, updated_at) VALUES ($1, $2, $3, 0, $4) ON CONFLICT DO NOTHING`,
      [tenantId, locationId, command.sku, at],
    );
  }
  // Lock first, read second (CONTRIBUTING: "Read after you lock").
  await tx.query('SELECT 1 FROM stock_levels WHERE tenant_id = $1 AND location_id = $2 AND sku = $3 FOR UPDATE', [tenantId, locationId, command.sku]);
  const { rows } = await tx.query<LevelRow>(
    'SELECT on_hand, reserved, safety_stock, count_seq, last_count FROM stock_levels WHERE tenant_id = $1 AND location_id = $2 AND sku = $3',
    [tenantId, locationId, command.sku],
  );
  const row = rows[0];
  if (!row) throw new Error(`stock level ${locationId}/${command.sku} vanished under its lock`);
  const before = toStockLevel(command.sku, command.locationId, row);
  const state: InventoryState = { stock: [before], reservations: [], closedReservations: [], transfers: [] };

  const verdict = validateStockCommand(state, command);
  if (!verdict.ok) return { ok: false, refusal: { code: verdict.error.code, message: verdict.error.message } };
  const outcome = applyStockCommand(state, command, { now: at });
  const after = outcome.state.stock.find((s) => s.sku === command.sku && s.locationId === command.locationId) ?? before;

  let changed = false;
  if (after.onHand !== before.onHand || after.countSeq !== before.countSeq) {
    await tx.query(
      `UPDATE stock_levels SET on_hand = $4, count_seq = $5, last_count = $6, updated_at = $7
        WHERE tenant_id = $1 AND location_id = $2 AND sku = $3`,
      [tenantId, locationId, command.sku, after.onHand, after.countSeq, after.lastCount ? JSON.stringify(after.lastCount) : null, at],
    );
    changed = true;
  }
  if (after.onHand !== before.onHand) {
    const reason = command.type === 'cycle_count' ? 'cycle_count' : command.reason;
    await recordStockMovement(tx, tenantId, { locationId, sku: command.sku, delta: after.onHand - before.onHand, reason, source: ctx.source }, at);
  }
  for (const event of outcome.events) {
    switch (event.type) {
      case 'recount_requested':
        await raiseCountTask(tx, tenantId, { locationId, sku: command.sku, reason: event.reason, fulfilmentOrderId: null }, at);
        changed = true;
        break;
      case 'stock_counted':
      case 'count_superseded':
      case 'stock_adjusted':
      case 'stock_shortage':
      case 'transfer_received':
        // stock_shortage: the reservations stay; floor work short-picks what is not there (no reroute from a count yet).
        break;
      default: {
        const unknown: never = event;
        throw new Error(`unhandled stock event ${JSON.stringify(unknown)}`);
      }
    }
  }
  // CC3: nothing was applied, so the device hears why (its exceptions panel shows it); a recount task, if any, is written.
  const superseded = outcome.events.find((e) => e.type === 'count_superseded');
  if (superseded) {
    const message = superseded.agrees
      ? 'another count of the same snapshot was applied first and agrees with this one: nothing to do'
      : `another count of the same snapshot was applied first (it moved on hand by ${superseded.appliedDelta ?? 0}, this one by ${superseded.delta}): a recount task was raised`;
    return { ok: false, refusal: { code: 'count_superseded', message } };
  }
  return { ok: true, documentVersion: after.countSeq, changedLocations: changed ? [locationId] : [] };
}

function toStockLevel(sku: Sku, locationId: LocationId, row: LevelRow): StockLevel {
  const lastCount = typeof row.last_count === 'string' ? (JSON.parse(row.last_count) as AppliedCount) : row.last_count;
  return {
    sku,
    locationId,
    onHand: row.on_hand,
    reserved: row.reserved,
    safetyStock: row.safety_stock,
    inbound: [],
    channelBuffers: [],
    countSeq: row.count_seq,
    ...(lastCount ? { lastCount } : {}),
  };
}
