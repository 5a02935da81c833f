import { CreateAssociateRequest, IssueChannelKeyRequest, IssueEnrolmentCodeRequest, SESSION_HEADER, SignInRequest, SignInResponse } from '@aisle/domain/protocol';
import { z } from 'zod';

const schema = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s, 'input') } } });
const ok = (description: string, s?: z.ZodType) => ({ description, ...(s ? { content: { 'application/json': { schema: schema(s, 'output') } } } : {}) });
const errorBody = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } });
const admin = [{ adminKey: [] }];
const device = [{ deviceToken: [] }];
const session = { name: SESSION_HEADER, in: 'header', required: true, schema: { type: 'string' }, description: 'The session token from sign-in.' };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const unauthenticated = { '401': errorBody('Missing, unknown or revoked key or token.') };
const invalid = { '400': errorBody('Malformed body; `error.field` names the field.') };

/** Sign-in and the administrator's API (openapi/document.ts spreads it into `paths`). */
export const authOpenApiPaths = {
  '/api/v1/sessions': {
    post: {
      summary: 'Sign an associate in on this device with badge and PIN',
      description: 'Ends any other session on the device. Five wrong PINs lock the badge for 15 minutes.',
      security: device,
      requestBody: body(SignInRequest),
      responses: {
        '201': ok('Signed in.', SignInResponse),
        ...invalid,
        '401': errorBody('`sign_in_failed` (same answer for an unknown badge and a wrong PIN), or an unknown device token.'),
        '403': errorBody('`wrong_location`: the badge belongs to another store.'),
        '423': errorBody('`badge_locked` after too many wrong PINs.'),
      },
    },
  },
  '/api/v1/sessions/current': {
    get: {
      summary: 'Who is signed in on this device, and what they may do',
      security: device,
      parameters: [session],
      responses: { '200': ok('The associate and their permissions.'), '401': errorBody('`sign_in_required`, `session_ended` or `session_expired` (idle or absolute limit).') },
    },
    delete: {
      summary: 'Sign out (revokes the session)',
      security: device,
      parameters: [session],
      responses: { '204': ok('Signed out.'), ...unauthenticated },
    },
  },
  '/api/v1/admin/associates': {
    post: {
      summary: 'Create an associate; the badge barcode is returned once',
      security: admin,
      requestBody: body(CreateAssociateRequest),
      responses: { '201': ok('Created, with `badge` to print.'), ...invalid, ...unauthenticated, '422': errorBody('Unknown location.') },
    },
    get: { summary: 'List associates (no secrets)', security: admin, responses: { '200': ok('Associates.'), ...unauthenticated } },
  },
  '/api/v1/admin/associates/{id}/deactivate': {
    post: {
      summary: 'Deactivate an associate and end their sessions',
      security: admin,
      parameters: [idParam],
      responses: { '204': ok('Done.'), ...unauthenticated, '404': errorBody('No such associate.') },
    },
  },
  '/api/v1/admin/enrolment-codes': {
    post: {
      summary: 'Issue a one-time code that enrols one device to a location',
      security: admin,
      requestBody: body(IssueEnrolmentCodeRequest),
      responses: { '201': ok('The code (shown once) and when it expires.'), ...invalid, ...unauthenticated, '422': errorBody('Unknown location.') },
    },
  },
  '/api/v1/admin/channel-keys': {
    post: {
      summary: 'Issue a channel API key (shown once)',
      security: admin,
      requestBody: body(IssueChannelKeyRequest),
      responses: { '201': ok('The key.'), ...invalid, ...unauthenticated },
    },
  },
  '/api/v1/admin/devices/{id}': {
    delete: {
      summary: 'Revoke a device and every session on it',
      security: admin,
      parameters: [idParam],
      responses: { '204': ok('Revoked.'), ...unauthenticated, '404': errorBody('No such device in this tenant.') },
    },
  },
};
