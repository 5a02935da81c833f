import { z } from 'zod';
import { FulfilmentOrder } from '../fulfilment-order/fulfilment-order.ts';
import { CommandId } from '../ids.ts';
import { ReturnView } from './returns.ts';

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

/**
 * What a device replicates: its location's fulfilment orders, stock levels and
 * returns, the tenant's catalog and locations (to resolve a scanned barcode,
 * name a nearby store), and the results of its own commands (to reconcile an
 * outbox after a reinstall or from a second tab). Each collection has its own
 * checkpoint.
 */
export const REPLICA_COLLECTIONS = ['fulfilment_orders', 'stock_levels', 'products', 'locations', 'returns', 'command_results'] as const;
export type ReplicaCollection = (typeof REPLICA_COLLECTIONS)[number];

export const PullRequest = z.object({
  collection: z.enum(REPLICA_COLLECTIONS),
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

/** One SKU at the device's location; `id` is the SKU. */
export const StockLevelDoc = z.object({
  id: z.string(),
  sku: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  safetyStock: z.number().int(),
  /** Counts applied so far: a blind count's snapshot carries it, so a count made from an older snapshot is recognised (CC1, CC3). */
  countSeq: z.number().int().nonnegative(),
  /** onHand − reserved − safetyStock, never below 0: what the shelf can still promise. */
  available: z.number().int().nonnegative(),
  updatedAt: z.iso.datetime(),
  _deleted: z.boolean(),
});
export type StockLevelDoc = z.infer<typeof StockLevelDoc>;

/** A catalog entry; `id` is the SKU. */
export const ProductDoc = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  gtin: z.string().nullable(),
  returnable: z.boolean(),
  category: z.string(),
  _deleted: z.boolean(),
});
export type ProductDoc = z.infer<typeof ProductDoc>;

/** A location of the tenant: no address beyond what a store associate needs to send a customer there. */
export const LocationDoc = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['store', 'warehouse', 'dropship']),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  geo: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  capabilities: z.array(z.string()),
  _deleted: z.boolean(),
});
export type LocationDoc = z.infer<typeof LocationDoc>;

/**
 * A return that came back, or is expected, at the device's location: the RMA
 * as the channel sees it, with no customer contact details.
 */
export const ReturnDoc = ReturnView.extend({ _deleted: z.boolean() });
export type ReturnDoc = z.infer<typeof ReturnDoc>;

/** The stored result of one of this device's commands; `id` is the command id. */
export const CommandResultDoc = z.object({
  id: CommandId,
  type: z.string(),
  deviceSeq: z.number().int(),
  status: z.enum(['applied', 'rejected']),
  /** Set when applied: the replica has caught up once the document reaches this version. */
  documentVersion: z.number().int().nullable(),
  /** Set when rejected. */
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  receivedAt: z.iso.datetime(),
  _deleted: z.boolean(),
});
export type CommandResultDoc = z.infer<typeof CommandResultDoc>;

/** The answer for any collection: the documents are of the collection asked for. */
export const AnyPullResponse = z.object({
  documents: z.array(z.union([FulfilmentOrderDoc, StockLevelDoc, ProductDoc, LocationDoc, ReturnDoc, CommandResultDoc])),
  checkpoint: PullCheckpoint.nullable(),
});
export type AnyPullResponse = z.infer<typeof AnyPullResponse>;
