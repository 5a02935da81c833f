import { RoutingPolicy } from '@aisle/domain';
import {
  ApiError,
  CartHoldRequest,
  CancelOrderRequest,
  CaptureOrderRequest,
  EnrolRequest,
  EnrolResponse,
  IDEMPOTENCY_HEADER,
  InboundSupplyRequest,
  OrderView,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PullRequest,
  AnyPullResponse,
  PushRequest,
  PushResponse,
  StockDeltasRequest,
  StockSnapshotRequest,
} from '@aisle/domain/protocol';
import { z } from 'zod';
import { authOpenApiPaths } from '../auth/openapi-paths.ts';
import { channelOpenApiPaths } from '../channels/openapi-paths.ts'; // channels (issue 4)
import { notificationOpenApiPaths } from '../notifications/openapi-paths.ts'; // notifications
import { returnOpenApiPaths } from '../returns/openapi-paths.ts'; // returns

/**
 * The OpenAPI 3.1 description of the HTTP API. Schemas come from the same zod
 * definitions that validate requests, so the document cannot drift from the
 * code; a test checks that every mounted /api route is described here.
 */
const SCHEMAS = {
  ApiError,
  CartHoldRequest,
  CaptureOrderRequest,
  CancelOrderRequest,
  RoutingPolicy,
  OrderView,
  EnrolRequest,
  EnrolResponse,
  PullRequest,
  AnyPullResponse,
  PushRequest,
  PushResponse,
  StockSnapshotRequest,
  StockDeltasRequest,
  InboundSupplyRequest,
} satisfies Record<string, z.ZodType>;
type SchemaName = keyof typeof SCHEMAS;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName) => ({ 'application/json': { schema: ref(name) } });
const error = (description: string) => ({ description, content: json('ApiError') });

const channelAuth = [{ channelKey: [] }];
const deviceAuth = [{ deviceToken: [] }];
const protocolHeader = {
  name: PROTOCOL_HEADER,
  in: 'header',
  required: true,
  schema: { type: 'integer', example: PROTOCOL_VERSION },
  description: 'Sync protocol version of the client; an outdated one gets 426 protocol_outdated.',
};
const badInput = { '400': error('The body or a header is malformed; `error.field` names the culprit.') };
const unauthenticated = { '401': error('Missing, unknown or revoked token.') };

const paths = {
  '/api/health': {
    get: {
      summary: 'Liveness and storage backend',
      responses: {
        '200': {
          description: 'The server is up.',
          content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' }, storage: { enum: ['pglite', 'postgres'] } } } } },
        },
      },
    },
  },
  '/api/v1/orders': {
    post: {
      summary: 'Capture an order from a sales channel',
      description:
        'Idempotent by the Idempotency-Key header (same body → the stored response; another body → 409) and by channel + externalId (the order already captured is returned with 200).',
      security: channelAuth,
      parameters: [{ name: IDEMPOTENCY_HEADER, in: 'header', required: true, schema: { type: 'string', maxLength: 200 } }],
      requestBody: { required: true, content: json('CaptureOrderRequest') },
      responses: {
        '201': { description: 'Captured and assigned.', content: json('OrderView') },
        '200': { description: 'Already captured under this external id.', content: json('OrderView') },
        ...badInput,
        ...unauthenticated,
        '409': error('The Idempotency-Key was used with a different body.'),
        '413': error('Body larger than 1 MiB.'),
        '422': error('An unknown SKU or location; `error.field` names it.'),
      },
    },
  },
  '/api/v1/orders/{id}': {
    get: {
      summary: 'Read an order with its fulfilment orders; the status is derived from them',
      security: channelAuth,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'The order.', content: json('OrderView') }, ...unauthenticated, '404': error('No such order for this tenant.') },
    },
  },
  '/api/v1/orders/{id}/cancel': {
    post: {
      summary: 'Cancel an order: every part is cancelled and its reservations released, or nothing is',
      security: channelAuth,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { required: false, content: json('CancelOrderRequest') },
      responses: {
        '200': { description: 'Cancelled (or already cancelled).', content: json('OrderView') },
        ...badInput,
        ...unauthenticated,
        '404': error('No such order for this channel.'),
        '409': error('Part of the order already left the building (shipped or picked up).'),
      },
    },
  },
  '/api/v1/atp': {
    get: {
      summary: 'Available to promise for one SKU: per location and for the network, with every term explained',
      security: channelAuth,
      parameters: [
        { name: 'sku', in: 'query', required: true, schema: { type: 'string' } },
        { name: 'location', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'horizonDays', in: 'query', required: false, schema: { type: 'integer', minimum: 0, maximum: 365 } },
      ],
      responses: { '200': { description: 'Network ATP and its per-location breakdown.' }, ...badInput, ...unauthenticated },
    },
  },
  '/api/v1/holds': {
    post: {
      summary: 'Hold units for a shopper’s cart; the hold expires after ttlSeconds',
      security: channelAuth,
      requestBody: { required: true, content: json('CartHoldRequest') },
      responses: {
        '201': { description: 'Held: `{ id, sku, quantity, locationId, expiresAt }`.' },
        ...badInput,
        ...unauthenticated,
        '409': error('Not enough available at that location; the body says how many are.'),
        '422': error('Unknown location.'),
      },
    },
  },
  '/api/v1/holds/{id}': {
    delete: {
      summary: 'Release a cart hold (checkout abandoned, or converted into an order)',
      security: channelAuth,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'Units released (0 when it had already expired).' }, ...unauthenticated, '404': error('No such hold.') },
    },
  },
  '/api/v1/routing/policies': {
    get: {
      summary: 'Routing policy revisions and which one is live (0 = the built-in default)',
      security: channelAuth,
      responses: { '200': { description: 'Revisions, oldest first.' }, ...unauthenticated },
    },
    post: {
      summary: 'Save a routing policy as a new draft revision',
      security: channelAuth,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', properties: { policy: ref('RoutingPolicy'), note: { type: 'string' } }, required: ['policy'] } } },
      },
      responses: { '201': { description: 'The draft revision.' }, ...badInput, ...unauthenticated, '422': error('The policy does not parse, or its version is not supported.') },
    },
  },
  '/api/v1/routing/policies/live': {
    get: {
      summary: 'The live routing policy',
      security: channelAuth,
      responses: { '200': { description: 'Revision and policy.' }, ...unauthenticated },
    },
  },
  '/api/v1/routing/policies/{revision}/promote': {
    post: {
      summary: 'Promote a draft to live; the previous live revision is retired',
      security: channelAuth,
      parameters: [{ name: 'revision', in: 'path', required: true, schema: { type: 'integer' } }],
      responses: { '200': { description: 'The live revision.' }, ...badInput, ...unauthenticated, '404': error('No such revision.'), '409': error('Not a draft.') },
    },
  },
  '/api/v1/inventory/locations/{locationId}/snapshot': {
    put: {
      summary: "Replace a location's on-hand counts (SKUs not listed drop to zero)",
      security: channelAuth,
      parameters: [{ name: 'locationId', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: json('StockSnapshotRequest') },
      responses: {
        '200': { description: 'Applied.', content: { 'application/json': { schema: { type: 'object', properties: { updated: { type: 'integer' } } } } } },
        ...badInput,
        ...unauthenticated,
        '404': error('No such location.'),
        '422': error('Unknown SKU.'),
      },
    },
  },
  '/api/v1/inventory/deltas': {
    post: {
      summary: 'Apply signed on-hand changes; each delta id is applied once',
      security: channelAuth,
      requestBody: { required: true, content: json('StockDeltasRequest') },
      responses: {
        '200': {
          description: 'Applied; deltas already seen are skipped.',
          content: { 'application/json': { schema: { type: 'object', properties: { applied: { type: 'integer' }, skipped: { type: 'integer' } } } } },
        },
        ...badInput,
        ...unauthenticated,
        '422': error('Unknown SKU or location, or a delta that would take on-hand below zero (the batch rolls back).'),
      },
    },
  },
  '/api/v1/inventory/inbound': {
    put: {
      summary: 'Upsert expected inbound supply (ETA and confidence count towards ATP within the horizon)',
      security: channelAuth,
      requestBody: { required: true, content: json('InboundSupplyRequest') },
      responses: {
        '200': { description: 'Upserted.', content: { 'application/json': { schema: { type: 'object', properties: { upserted: { type: 'integer' } } } } } },
        ...badInput,
        ...unauthenticated,
        '409': error('That supply was already received.'),
        '422': error('Unknown SKU or location.'),
      },
    },
  },
  '/api/v1/devices/enrol': {
    post: {
      summary: 'Enrol a device to one location with a one-time code',
      requestBody: { required: true, content: json('EnrolRequest') },
      responses: { '201': { description: 'Enrolled; the token is shown once.', content: json('EnrolResponse') }, ...badInput },
    },
  },
  '/api/v1/devices/current': {
    get: {
      summary: 'The enrolled device and its location',
      security: deviceAuth,
      responses: { '200': { description: 'The device.' }, ...unauthenticated },
    },
    delete: {
      summary: 'Unenrol this device: its token stops working',
      security: deviceAuth,
      responses: { '204': { description: 'Revoked.' }, ...unauthenticated },
    },
  },
  '/api/v1/sync/pull': {
    post: {
      summary: "Changes to the device's replica after a checkpoint",
      security: deviceAuth,
      parameters: [protocolHeader],
      requestBody: { required: true, content: json('PullRequest') },
      responses: { '200': { description: 'A page of documents.', content: json('AnyPullResponse') }, ...badInput, ...unauthenticated, '426': error('Client protocol too old.') },
    },
  },
  '/api/v1/sync/push': {
    post: {
      summary: 'Apply device commands in order, each exactly once by id',
      security: deviceAuth,
      parameters: [protocolHeader],
      requestBody: { required: true, content: json('PushRequest') },
      responses: { '200': { description: 'One result per command.', content: json('PushResponse') }, ...badInput, ...unauthenticated, '426': error('Client protocol too old.') },
    },
  },
  '/api/v1/sync/stream': {
    get: {
      summary: 'Server-Sent Events: `hello`, then `changed` whenever the device scope changed',
      security: deviceAuth,
      parameters: [protocolHeader],
      responses: { '200': { description: 'An event stream.', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...unauthenticated },
    },
  },
  ...authOpenApiPaths,
  ...channelOpenApiPaths, // channels (issue 4)
  ...notificationOpenApiPaths, // notifications
  ...returnOpenApiPaths, // returns
};

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Aisle API',
      version: '0.1.0',
      description:
        'Offline-first order management: channel order capture, inventory feed, device enrolment and sync. Errors are `{"error": {code, message, field?}}`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        channelKey: { type: 'http', scheme: 'bearer', description: 'A channel API key (`ck_…`).' },
        deviceToken: { type: 'http', scheme: 'bearer', description: 'A device token from enrolment (`dt_…`).' },
        adminKey: { type: 'http', scheme: 'bearer', description: 'A tenant admin key (`ak_…`).' },
      },
      schemas: Object.fromEntries(
        Object.entries(SCHEMAS).map(([name, schema]) => [name, jsonSchema(schema, name.endsWith('Request') ? 'input' : 'output')]),
      ),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
