import { z } from 'zod';
import { RETURN_REQUEST_ERROR_CODES } from './returns.ts';

/** Stable error codes of the HTTP API; a client maps them to words, integrators branch on them. */
export const API_ERROR_CODES = [
  'invalid_body',
  'invalid_json',
  'missing_header',
  'unauthenticated',
  'forbidden',
  'not_found',
  'idempotency_conflict',
  'conflict',
  'unknown_reference',
  'enrolment_code_invalid',
  'sign_in_required',
  'sign_in_failed',
  'badge_locked',
  'wrong_location',
  'session_ended',
  'session_expired',
  'protocol_outdated',
  'payload_too_large',
  'internal',
  ...RETURN_REQUEST_ERROR_CODES,
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const ApiError = z.object({
  error: z.object({
    code: z.enum(API_ERROR_CODES),
    message: z.string(),
    /** Dotted path of the offending field, when one field is to blame (`lines.0.quantity`). */
    field: z.string().optional(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
