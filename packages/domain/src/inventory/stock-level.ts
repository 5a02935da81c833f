import { z } from 'zod';
import { ChannelId, LocationId, Sku } from '../ids.ts';

const units = z.number().int().nonnegative();

/**
 * Stock expected to arrive: a purchase order line or an inbound transfer.
 * `confidence` is the one fraction in inventory: how likely the supplier or the
 * sending store delivers on time (ATP3 says how it is rounded).
 */
export const InboundSupply = z.object({
  /** The transfer id or PO number; `receiveTransfer` closes entries by it (TR5). */
  id: z.string().min(1).max(100).optional(),
  quantity: z.number().int().positive(),
  eta: z.iso.datetime(),
  confidence: z.number().min(0).max(1),
});
export type InboundSupply = z.infer<typeof InboundSupply>;

/** Units a location keeps back from one channel (e.g. marketplace orders may not take the last 3). */
export const ChannelBuffer = z.object({
  channelId: ChannelId,
  units,
});
export type ChannelBuffer = z.infer<typeof ChannelBuffer>;

/** The last count applied to a stock level, kept so a count made against the same snapshot can be compared (CC3). */
export const AppliedCount = z.object({
  counted: units,
  snapshotOnHand: units,
  delta: z.number().int(),
  at: z.iso.datetime(),
});
export type AppliedCount = z.infer<typeof AppliedCount>;

/**
 * One SKU at one location. `reserved` is not free data: it must equal the sum
 * of the live reservations for this SKU × location (INV1). `onHand` may fall
 * below `reserved` after damage or a count; that is a shortage, reported as an
 * event, and ATP clamps at zero.
 */
export const StockLevel = z
  .object({
    sku: Sku,
    locationId: LocationId,
    onHand: units,
    reserved: units,
    safetyStock: units,
    inbound: z.array(InboundSupply).default([]),
    channelBuffers: z.array(ChannelBuffer).default([]),
    /**
     * How many counts have been applied here. A device quotes it with its count
     * snapshot, which is how a second count of the same snapshot is recognised.
     */
    countSeq: units.default(0),
    lastCount: AppliedCount.optional(),
  })
  .refine((s) => new Set(s.channelBuffers.map((b) => b.channelId)).size === s.channelBuffers.length, {
    message: 'one buffer per channel',
    path: ['channelBuffers'],
  });
export type StockLevel = z.infer<typeof StockLevel>;

export function emptyStockLevel(sku: Sku, locationId: LocationId): StockLevel {
  return { sku, locationId, onHand: 0, reserved: 0, safetyStock: 0, inbound: [], channelBuffers: [], countSeq: 0 };
}

export function channelBufferFor(stock: StockLevel, channel: ChannelId | undefined): number {
  if (channel === undefined) return 0;
  return stock.channelBuffers.find((b) => b.channelId === channel)?.units ?? 0;
}
