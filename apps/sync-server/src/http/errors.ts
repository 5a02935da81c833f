import type { ApiErrorCode } from '@aisle/domain/protocol';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

/**
 * The one way a handler reports a client error. Thrown at the edge only;
 * `onError` turns it into `{"error": {code, message, field}}`.
 */
export class ApiException extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    readonly issues?: { field: string; message: string }[],
  ) {
    super(message);
  }
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

export function invalidBody(error: ZodError, prefix = ''): ApiException {
  const issues = error.issues.map((i) => ({ field: prefix + fieldPath(i.path), message: i.message }));
  const first = issues[0] ?? { field: '', message: 'invalid body' };
  const where = first.field ? `${first.field}: ` : '';
  return new ApiException(400, 'invalid_body', `${where}${first.message}`, first.field || undefined, issues);
}

export function errorBody(e: ApiException) {
  return {
    error: {
      code: e.code,
      message: e.message,
      ...(e.field !== undefined ? { field: e.field } : {}),
      ...(e.issues && e.issues.length > 1 ? { issues: e.issues } : {}),
    },
  };
}

export function sendError(c: Context, e: ApiException) {
  return c.json(errorBody(e), e.status);
}
