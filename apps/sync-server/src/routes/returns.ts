import { IDEMPOTENCY_HEADER, RequestReturnRequest } from '@aisle/domain/protocol';
import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { channelAuth, type AppEnv } from '../http/auth.ts';
import { ApiException, invalidBody } from '../http/errors.ts';
import { listReturns, requestReturn } from '../returns/request-return.ts';

/** Returns of one order, for the channel that sold it: mounted at `/api/v1/orders/:id/returns`. */
export function returnRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const auth = channelAuth(deps.db);
  // Mounted under /api/v1/orders, whose own `use('*')` has already authenticated the key: Hono runs both.
  app.use('*', async (c, next) => (c.get('channel') ? next() : auth(c, next)));

  app.post('/', async (c) => {
    const key = c.req.header(IDEMPOTENCY_HEADER)?.trim();
    if (!key) throw new ApiException(400, 'missing_header', `send an ${IDEMPOTENCY_HEADER} header (any unique string per return)`, IDEMPOTENCY_HEADER);
    if (key.length > 200) throw new ApiException(400, 'invalid_body', `${IDEMPOTENCY_HEADER} is longer than 200 characters`, IDEMPOTENCY_HEADER);
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      throw new ApiException(400, 'invalid_json', 'the body is not valid JSON');
    }
    // Well-formed JSON that is not a valid return request is unprocessable, and the error names the field.
    const parsed = RequestReturnRequest.safeParse(json);
    if (!parsed.success) {
      const e = invalidBody(parsed.error);
      throw new ApiException(422, 'invalid_body', e.message, e.field, e.issues);
    }
    const outcome = await requestReturn(deps.db, c.get('channel'), orderIdOf(c.req.param('id')), key, parsed.data, deps.clock());
    if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(outcome.body, outcome.status);
  });

  app.get('/', async (c) => {
    const returns = await listReturns(deps.db, c.get('channel'), orderIdOf(c.req.param('id')));
    if (!returns) throw new ApiException(404, 'not_found', 'no such order');
    return c.json({ returns });
  });

  return app;
}

/** The path parameter of the mount point; Hono types it as possibly absent on a sub-app. */
function orderIdOf(id: string | undefined): string {
  if (!id) throw new ApiException(404, 'not_found', 'no such order');
  return id;
}
