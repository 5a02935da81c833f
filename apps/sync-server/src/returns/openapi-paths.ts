import { IDEMPOTENCY_HEADER, RequestReturnRequest, ReturnListResponse, ReturnView } from '@aisle/domain/protocol';
import { z } from 'zod';

// Generated from the zod schemas that validate and shape the responses, so the description cannot drift.
const schema = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};
const errorBody = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } });
const orderId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

/** The returns' part of the OpenAPI document (openapi/document.ts spreads it into `paths`). */
export const returnOpenApiPaths = {
  '/api/v1/orders/{id}/returns': {
    post: {
      summary: 'Ask for a return of some units of an order (online or through support)',
      description:
        'Each line is checked as at the returns desk: the order line exists, the product may come back for that reason, the units were delivered or picked up and are not on another live return, and the return window is open. Every line is accepted or none is. ' +
        'Idempotent by the Idempotency-Key header (same body → the stored response; another body → 409) and by `returnId` (the same lines again → 200 with the return as it is now). ' +
        'A device receives the goods later with `receive_return_line` naming the same return and line ids; the refund reaches the channel as the `order.refunded` webhook.',
      security: [{ channelKey: [] }],
      parameters: [orderId, { name: IDEMPOTENCY_HEADER, in: 'header', required: true, schema: { type: 'string', maxLength: 200 } }],
      requestBody: { required: true, content: { 'application/json': { schema: schema(RequestReturnRequest, 'input') } } },
      responses: {
        '201': { description: 'Requested: the return with its lines `requested`.', content: { 'application/json': { schema: schema(ReturnView, 'output') } } },
        '200': { description: 'That `returnId` already holds these lines.', content: { 'application/json': { schema: schema(ReturnView, 'output') } } },
        '400': errorBody('Malformed JSON or a missing Idempotency-Key.'),
        '401': errorBody('Missing, unknown or revoked channel key.'),
        '404': errorBody('No such order for this channel.'),
        '409': errorBody(
          '`quantity_exceeds_returnable` (the units are on another return or were not delivered), `duplicate_return_line`, `order_mismatch`, `return_already_refunded`, `return_cancelled`, `conflict` (the returnId holds other lines) or `idempotency_conflict`; `error.field` names the line.',
        ),
        '422': errorBody(
          '`invalid_body` (the field is named), `order_line_not_found`, `unknown_product`, `not_returnable`, `outside_return_window`, or `order_not_priced` (captured without unit prices or currency).',
        ),
      },
    },
    get: {
      summary: 'Every return of an order, with its status rolled up from its lines',
      security: [{ channelKey: [] }],
      parameters: [orderId],
      responses: {
        '200': { description: 'Returns, oldest first.', content: { 'application/json': { schema: schema(ReturnListResponse, 'output') } } },
        '401': errorBody('Missing, unknown or revoked channel key.'),
        '404': errorBody('No such order for this channel.'),
      },
    },
  },
};
