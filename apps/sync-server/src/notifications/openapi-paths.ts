import { FULFILMENT_ORDER_STATUSES } from '@aisle/domain';
import { NOTIFICATION_KINDS, NOTIFICATION_STATUSES } from './outbox.ts';

const errorBody = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } });
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });

const NotificationView = {
  type: 'object',
  required: ['notificationId', 'orderId', 'fulfilmentOrderId', 'kind', 'recipient', 'status', 'attempts', 'nextAttemptAt', 'lastError', 'createdAt', 'sentAt'],
  properties: {
    notificationId: { type: 'string', format: 'uuid' },
    orderId: { type: 'string' },
    fulfilmentOrderId: nullable('string'),
    kind: { enum: [...NOTIFICATION_KINDS] },
    recipient: nullable('string', { description: 'Masked (`a***@example.com`); null when the order has no e-mail address (`no_recipient`).' }),
    status: { enum: [...NOTIFICATION_STATUSES] },
    attempts: { type: 'integer', minimum: 0 },
    nextAttemptAt: nullable('string', { format: 'date-time' }),
    lastError: nullable('string'),
    createdAt: { type: 'string', format: 'date-time' },
    sentAt: nullable('string', { format: 'date-time' }),
  },
};

const TrackingView = {
  type: 'object',
  required: ['orderNumber', 'customer', 'status', 'placedAt', 'parts'],
  properties: {
    orderNumber: { type: 'string' },
    customer: { type: 'string', description: 'First name and last initial only (`Ada L.`).' },
    status: { type: 'string', description: 'The order status, derived from its parts (OS1).' },
    placedAt: { type: 'string', format: 'date-time' },
    parts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['status', 'deliveryMethod', 'storeName', 'units', 'shipments'],
        properties: {
          status: { enum: [...FULFILMENT_ORDER_STATUSES] },
          deliveryMethod: { enum: ['pickup', 'ship'] },
          storeName: nullable('string', { description: 'The pickup store; null for shipped parts.' }),
          units: { type: 'integer', minimum: 0 },
          shipments: {
            type: 'array',
            items: {
              type: 'object',
              required: ['carrier', 'trackingNumber', 'shippedAt'],
              properties: { carrier: { type: 'string' }, trackingNumber: { type: 'string' }, shippedAt: { type: 'string', format: 'date-time' } },
            },
          },
        },
      },
    },
  },
};

/** The notifications' part of the OpenAPI document (openapi/document.ts spreads it into `paths`). */
export const notificationOpenApiPaths = {
  '/api/v1/notifications': {
    get: {
      summary: 'Customer e-mails of this channel’s orders: queued, sent, dead, or without a recipient',
      description:
        'Channel-key auth for now (the tenant admin key replaces it when it exists). Never includes the pickup code or the template data. Without SMTP_URL nothing is sent and rows stay `pending`.',
      security: [{ channelKey: [] }],
      parameters: [
        { name: 'status', in: 'query', required: false, schema: { enum: [...NOTIFICATION_STATUSES] } },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 500 } },
      ],
      responses: {
        '200': {
          description: 'Oldest first.',
          content: { 'application/json': { schema: { type: 'object', required: ['notifications'], properties: { notifications: { type: 'array', items: NotificationView } } } } },
        },
        '400': errorBody('Unknown status or bad limit.'),
        '401': errorBody('Missing, unknown or revoked channel key.'),
      },
    },
  },
  '/api/v1/track/{token}': {
    get: {
      summary: 'Customer order tracking (the JSON behind /track/{token})',
      description:
        'No login: the token from the customer’s e-mail is the credential (256 random bits, base64url; only its SHA-256 is stored). Shows no e-mail, phone, address or last name. Responses are `Cache-Control: no-store`.',
      security: [],
      parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' } }],
      responses: {
        '200': { description: 'The order as the customer may see it.', content: { 'application/json': { schema: TrackingView } } },
        '404': errorBody('Unknown, malformed or revoked token (indistinguishable).'),
      },
    },
  },
};
