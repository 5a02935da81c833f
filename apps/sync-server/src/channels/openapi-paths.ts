import { SHOPIFY_HEADERS } from './shopify-routes.ts';

const errorBody = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } });
const header = (name: string, description: string) => ({ name, in: 'header', required: true, schema: { type: 'string' }, description });

/** The channel adapters' part of the OpenAPI document (openapi/document.ts spreads it into `paths`). */
export const channelOpenApiPaths = {
  '/api/v1/channels/shopify/orders': {
    post: {
      summary: 'Shopify orders/create webhook',
      description:
        'The raw Shopify order payload, verified by its HMAC with the shared secret of the channel whose shop domain matches. Idempotent by X-Shopify-Webhook-Id and by the Shopify order id. Pickup is detected from a shipping line whose code matches a mapped location (see apps/sync-server/README.md).',
      parameters: [
        header(SHOPIFY_HEADERS.hmac, 'base64(HMAC-SHA256(shared secret, raw body))'),
        header(SHOPIFY_HEADERS.shop, 'e.g. example.myshopify.com; selects tenant and channel'),
        header(SHOPIFY_HEADERS.webhookId, 'used as the Idempotency-Key'),
        { ...header(SHOPIFY_HEADERS.topic, 'orders/create'), required: false },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'Shopify Order (REST Admin API shape)' } } } },
      responses: {
        '200': {
          description: 'Captured, or already captured (replay).',
          content: { 'application/json': { schema: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] } } },
        },
        '400': errorBody('Malformed JSON, a missing header or a malformed field; `error.field` names it (Shopify field path).'),
        '401': errorBody('Unknown shop or wrong signature; nothing is written.'),
        '413': errorBody('Body larger than 1 MiB.'),
        '422': errorBody('The order cannot be mapped (no SKU, unknown SKU, unmapped pickup location, mixed delivery); `error.field` names the Shopify field.'),
      },
    },
  },
};
