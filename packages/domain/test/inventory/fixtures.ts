import type { z } from 'zod';
import { ChannelId, LocationId, OrderId, ReservationId, Sku, TransferId } from '../../src/ids.ts';
import { InventoryState } from '../../src/inventory/inventory-state.ts';
import { Quantity } from '../../src/quantity.ts';
import { StockLevel } from '../../src/inventory/stock-level.ts';

export const NOW = '2026-11-27T10:00:00.000Z';
export const ctx = { now: NOW };
export const at = (iso: string) => ({ now: iso });

export const sku = (s: string): Sku => Sku.parse(s);
export const loc = (s: string): LocationId => LocationId.parse(s);
export const rid = (s: string): ReservationId => ReservationId.parse(s);
export const oid = (s: string): OrderId => OrderId.parse(s);
export const tid = (s: string): TransferId => TransferId.parse(s);
export const channel = (s: string): ChannelId => ChannelId.parse(s);

export const MUG = sku('MUG-01');
export const TEA = sku('TEA-01');
export const STORE = loc('store-1');
export const DC = loc('dc-1');

/** A stock level parsed through the schema, so fixtures are as valid as wire data. */
export function level(overrides: Partial<z.input<typeof StockLevel>> = {}): StockLevel {
  return StockLevel.parse({ sku: 'MUG-01', locationId: 'store-1', onHand: 10, reserved: 0, safetyStock: 0, ...overrides });
}

export function inventory(...levels: StockLevel[]): InventoryState {
  return InventoryState.parse({ stock: levels });
}

/** Deep-freezes a value so a test fails loudly if an operation mutates its input (INV3). */
export function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

export const q = (n: number): Quantity => Quantity.parse(n);
