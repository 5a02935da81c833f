import { z } from 'zod';
import { LocationId, Sku } from '../ids.ts';
import { Quantity } from '../quantity.ts';

const units = z.number().int('a whole number of units').min(0).max(10_000_000);

export const StockSnapshotRequest = z.object({
  items: z
    .array(
      z.object({
        sku: Sku,
        onHand: units,
        safetyStock: units.optional(),
        /** Units held back from a channel, e.g. `{ "marketplace": 2 }`. */
        channelBuffers: z.record(z.string().min(1).max(50), units).optional(),
      }),
    )
    .max(50_000)
    .refine((items) => new Set(items.map((i) => i.sku)).size === items.length, 'each SKU may appear once'),
});
export type StockSnapshotRequest = z.infer<typeof StockSnapshotRequest>;

export const STOCK_DELTA_REASONS = ['receipt', 'sale_elsewhere', 'damage', 'loss', 'found', 'correction', 'transfer_out', 'transfer_in'] as const;

export const StockDeltasRequest = z.object({
  deltas: z
    .array(
      z.object({
        /** Unique per delta: a resent delta is applied once. */
        id: z.string().trim().min(1).max(100),
        locationId: LocationId,
        sku: Sku,
        delta: z.number().int('a whole number of units').min(-10_000_000).max(10_000_000).refine((d) => d !== 0, 'a delta of 0 changes nothing'),
        reason: z.enum(STOCK_DELTA_REASONS),
      }),
    )
    .min(1)
    .max(10_000),
});
export type StockDeltasRequest = z.infer<typeof StockDeltasRequest>;

export const InboundSupplyRequest = z.object({
  supplies: z
    .array(
      z.object({
        id: z.string().trim().min(1).max(100),
        locationId: LocationId,
        sku: Sku,
        quantity: z.number().int().positive().max(10_000_000),
        eta: z.iso.datetime({ offset: true }),
        /** How sure the supplier is that it arrives by `eta`: 0–1. */
        confidence: z.number().min(0).max(1),
        status: z.enum(['open', 'cancelled']).default('open'),
      }),
    )
    .min(1)
    .max(10_000),
});
export type InboundSupplyRequest = z.infer<typeof InboundSupplyRequest>;

/** A channel keeps units for a shopper's cart; the hold expires on its own. */
export const CartHoldRequest = z.object({
  sku: Sku,
  quantity: Quantity,
  locationId: LocationId,
  /** How long the cart may keep the units: 1 minute to 1 day. */
  ttlSeconds: z.number().int().min(60).max(86_400),
});
export type CartHoldRequest = z.infer<typeof CartHoldRequest>;
