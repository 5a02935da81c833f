import { DELIVERY_METHODS, type FloorCommand, type FulfilmentOrder } from '@aisle/domain';
import type { RxJsonSchema } from 'rxdb';

/**
 * The replica of a fulfilment order, exactly as the server sends it. The
 * device never writes it: changes arrive by pull, local intent lives in the
 * outbox and is re-applied on top for display (see features/sync/rebase.ts).
 */
export const fulfilmentOrderSchema: RxJsonSchema<FulfilmentOrder> = {
  title: 'fulfilment order replica',
  // 1: status lost its enum (the server is the authority on statuses, and a new
  // one must not need a schema migration); lines gained short/cancelled counts.
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    orderId: { type: 'string', maxLength: 100 },
    orderNumber: { type: 'string' },
    locationId: { type: 'string', maxLength: 100 },
    deliveryMethod: { type: 'string', enum: [...DELIVERY_METHODS] },
    status: { type: 'string', maxLength: 40 },
    customerDisplayName: { type: 'string' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          lineId: { type: 'string' },
          sku: { type: 'string' },
          gtin: { type: ['string', 'null'] },
          name: { type: 'string' },
          quantity: { type: 'integer', minimum: 1 },
          picked: { type: 'integer', minimum: 0 },
          shortPicked: { type: 'integer', minimum: 0 },
          customerCancelled: { type: 'integer', minimum: 0 },
        },
        required: ['lineId', 'sku', 'gtin', 'name', 'quantity', 'picked'],
      },
    },
    version: { type: 'integer', minimum: 0 },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: [
    'id',
    'orderId',
    'orderNumber',
    'locationId',
    'deliveryMethod',
    'status',
    'customerDisplayName',
    'lines',
    'version',
    'createdAt',
    'updatedAt',
  ],
};

/**
 * Outbox entry lifecycle (one row per command the associate made):
 *
 *   pending ──push: applied──▶ acked ──replica.version ≥ documentVersion──▶ (removed)
 *      │
 *      └──push: rejected──▶ rejected   (kept: it is a physical fact someone must look at)
 *
 * Network errors, timeouts, 5xx, 401 and 426 leave an entry `pending`.
 */
export const OUTBOX_STATES = ['pending', 'acked', 'rejected'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxEntry {
  /** The command's UUIDv7: the server applies an id at most once. */
  id: string;
  deviceSeq: number;
  createdAt: string;
  /** Replica version the associate saw when acting. */
  baseVersion: number;
  /**
   * The sign-in session the command was made in: the server's record of who
   * did it, valid after they sign out. Absent on entries made before devices
   * had sign-in (schema version 0).
   */
  sessionId?: string;
  command: FloorCommand;
  fulfilmentOrderId: string;
  state: OutboxState;
  /** Set when acked: the replica has caught up once its version reaches this. */
  documentVersion?: number;
  /** Set when rejected. */
  reason?: { code: string; message: string };
}

// Dexie needs bounds on indexed numbers, and every indexed field `required` (DXE1).
const MAX_DEVICE_SEQ = 2 ** 52;

export const outboxSchema: RxJsonSchema<OutboxEntry> = {
  title: 'command outbox',
  // 1: sessionId (optional; version-0 entries migrate as they are and keep their state).
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 36 },
    deviceSeq: { type: 'integer', minimum: 0, maximum: MAX_DEVICE_SEQ, multipleOf: 1 },
    createdAt: { type: 'string', format: 'date-time' },
    baseVersion: { type: 'integer', minimum: 0 },
    sessionId: { type: 'string', maxLength: 100 },
    command: { type: 'object' },
    fulfilmentOrderId: { type: 'string', maxLength: 100 },
    state: { type: 'string', enum: [...OUTBOX_STATES], maxLength: 10 },
    documentVersion: { type: 'integer' },
    reason: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['id', 'deviceSeq', 'createdAt', 'baseVersion', 'command', 'fulfilmentOrderId', 'state'],
  indexes: ['deviceSeq', ['state', 'deviceSeq']],
};
