import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION, PullRequest, PushRequest } from '@aisle/domain/protocol';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../app.ts';
import { deviceAuth, type AppEnv } from '../http/auth.ts';
import { readJson } from '../http/body.ts';
import { ApiException } from '../http/errors.ts';
import { pullCollection } from '../sync/pull.ts';
import { pushCommands } from '../sync/push.ts';

/** SY3: an outdated client is told so explicitly, and keeps its outbox. */
const protocolCheck = createMiddleware(async (c, next) => {
  const sent = c.req.header(PROTOCOL_HEADER);
  const version = sent === undefined ? NaN : Number(sent);
  if (!Number.isInteger(version)) {
    throw new ApiException(400, 'missing_header', `send ${PROTOCOL_HEADER}: ${PROTOCOL_VERSION}`, PROTOCOL_HEADER);
  }
  if (version < MIN_SUPPORTED_PROTOCOL_VERSION) {
    throw new ApiException(
      426,
      'protocol_outdated',
      `protocol ${version} is no longer supported (minimum ${MIN_SUPPORTED_PROTOCOL_VERSION}); update the app — pending work is kept`,
      PROTOCOL_HEADER,
    );
  }
  await next();
});

export function syncRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', deviceAuth(deps.db), protocolCheck);

  app.post('/pull', async (c) => {
    const { data } = await readJson(c, PullRequest);
    return c.json(await pullCollection(deps.db, c.get('device'), data));
  });

  app.post('/push', async (c) => {
    const { data } = await readJson(c, PushRequest);
    const device = c.get('device');
    const outcome = await pushCommands(deps.db, device, data.commands, deps.clock);
    for (const locationId of outcome.changedLocations) deps.notifier.publish(device.tenantId, locationId);
    return c.json({ results: outcome.results });
  });

  app.get('/stream', (c) => {
    const device = c.get('device');
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      let pending = false;
      const unsubscribe = deps.notifier.subscribe(device.tenantId, device.locationId, () => {
        pending = true;
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ protocolVersion: PROTOCOL_VERSION }) });
      while (!stream.aborted && !stream.closed) {
        if (pending) {
          pending = false;
          await stream.writeSSE({ event: 'changed', data: JSON.stringify({ collection: 'fulfilment_orders' }) });
          continue;
        }
        // Wait for a change or send a keep-alive so proxies keep the connection open.
        const timer = new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, deps.sseKeepAliveMs);
        });
        await timer;
        wake = undefined;
        if (!pending && !stream.aborted) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });

  return app;
}
