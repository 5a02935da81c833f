import { CancelOrderRequest, CaptureOrderRequest, IDEMPOTENCY_HEADER } from '@aisle/domain/protocol';
import { Hono } from 'hono';
import { channelAuth, type AppEnv } from '../http/auth.ts';
import { parseJson, readJson } from '../http/body.ts';
import { ApiException } from '../http/errors.ts';
import { cancelOrder } from '../orders/cancel-order.ts';
import { captureOrder } from '../orders/capture-order.ts';
import { loadOrderView } from '../orders/order-view.ts';
import type { AppDeps } from '../app.ts';

export function orderRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', channelAuth(deps.db));

  app.post('/', async (c) => {
    const key = c.req.header(IDEMPOTENCY_HEADER)?.trim();
    if (!key) throw new ApiException(400, 'missing_header', `send an ${IDEMPOTENCY_HEADER} header (any unique string per order)`, IDEMPOTENCY_HEADER);
    if (key.length > 200) throw new ApiException(400, 'invalid_body', `${IDEMPOTENCY_HEADER} is longer than 200 characters`, IDEMPOTENCY_HEADER);
    const { data, raw } = await readJson(c, CaptureOrderRequest);
    const outcome = await captureOrder(deps.db, c.get('channel'), key, raw, data, deps.clock());
    for (const locationId of outcome.changedLocations) deps.notifier.publish(c.get('channel').tenantId, locationId);
    if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(outcome.body, outcome.status);
  });

  app.post('/:id/cancel', async (c) => {
    // The body is optional: a bare POST cancels with a generic reason.
    const raw = await c.req.text();
    const reason = (raw.trim() ? parseJson(raw, CancelOrderRequest).reason : undefined) ?? 'cancelled by the channel';
    const { tenantId, channel } = c.get('channel');
    const outcome = await deps.db.transaction((tx) => cancelOrder(tx, tenantId, channel, c.req.param('id'), reason, deps.clock()));
    for (const locationId of outcome.changedLocations) deps.notifier.publish(tenantId, locationId);
    return c.json(outcome.view);
  });

  app.get('/:id', async (c) => {
    const view = await loadOrderView(deps.db, c.get('channel').tenantId, c.req.param('id'));
    if (!view) throw new ApiException(404, 'not_found', 'no such order');
    return c.json(view);
  });

  return app;
}
