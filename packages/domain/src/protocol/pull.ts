import { z } from 'zod';
import { FulfilmentOrder } from '../fulfilment-order/fulfilment-order.ts';

/**
 * Position of the last change a device has seen: the change's transaction id
 * (PostgreSQL xid8, as a decimal string) and the document id as tie-breaker.
 * Ordering by transaction id and reading only below the oldest in-flight
 * transaction is what makes the checkpoint safe under concurrent writers (SY1).
 */
export const PullCheckpoint = z.object({
  txid: z.string().regex(/^\d{1,20}$/, 'txid is a decimal xid8'),
  id: z.string().max(100),
});
export type PullCheckpoint = z.infer<typeof PullCheckpoint>;

export const PULL_MAX_BATCH = 1000;

export const PullRequest = z.object({
  collection: z.literal('fulfilment_orders'),
  checkpoint: PullCheckpoint.nullable(),
  limit: z.number().int().min(1).max(PULL_MAX_BATCH),
});
export type PullRequest = z.infer<typeof PullRequest>;

/** A replicated document, or its tombstone once it leaves the device's scope (`_deleted`). */
export const FulfilmentOrderDoc = FulfilmentOrder.extend({ _deleted: z.boolean() });
export type FulfilmentOrderDoc = z.infer<typeof FulfilmentOrderDoc>;

export const PullResponse = z.object({
  documents: z.array(FulfilmentOrderDoc),
  /** Unchanged from the request when there is nothing new. */
  checkpoint: PullCheckpoint.nullable(),
});
export type PullResponse = z.infer<typeof PullResponse>;
