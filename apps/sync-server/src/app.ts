import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { shopifyRoutes } from './channels/shopify-routes.ts'; // channels (issue 4)
import { notificationRoutes, trackingApiRoutes, trackingPageRoutes } from './notifications/routes.ts'; // notifications
import type { AppEnv } from './http/auth.ts';
import { ApiException, sendError } from './http/errors.ts';
import { openApiDocument } from './openapi/document.ts';
import { DOCS_PAGE, DOCS_PAGE_CSP } from './openapi/docs-page.ts';
import { securityHeaders } from './http/security-headers.ts';
import { adminRoutes } from './routes/admin.ts';
import { deviceRoutes } from './routes/devices.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { atpRoutes } from './routes/atp.ts';
import { holdRoutes } from './routes/holds.ts';
import { inventoryRoutes } from './routes/inventory.ts';
import { routingPolicyRoutes } from './routes/routing-policies.ts';
import { orderRoutes } from './routes/orders.ts';
import { returnRoutes } from './routes/returns.ts'; // returns
import { staticRoutes } from './routes/static.ts';
import { syncRoutes } from './routes/sync.ts';
import type { Db } from './storage/db.ts';
import type { ScopeNotifier } from './sync/notifier.ts';

export interface AppDeps {
  db: Db;
  notifier: ScopeNotifier;
  clock: () => Date;
  /** Built PWA to serve at `/`; omitted in API-only tests. */
  pwaDistDir?: string;
  sseKeepAliveMs: number;
  log: (entry: Record<string, unknown>) => void;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** The whole HTTP surface, built from its ports so tests run it in-process with `app.request()`. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requestId());
  app.use('*', securityHeaders());

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiException(413, 'payload_too_large', `bodies are limited to ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );

  app.get('/api/health', (c) => c.json({ status: 'ok', storage: deps.db.kind }));
  const openApi = openApiDocument();
  app.get('/api/openapi.json', (c) => c.json(openApi));
  app.get('/api/docs', (c) => {
    c.header('Content-Security-Policy', DOCS_PAGE_CSP);
    return c.html(DOCS_PAGE);
  });
  app.route('/api/v1/orders', orderRoutes(deps));
  app.route('/api/v1/orders/:id/returns', returnRoutes(deps));
  app.route('/api/v1/devices', deviceRoutes(deps));
  app.route('/api/v1/sessions', sessionRoutes(deps));
  app.route('/api/v1/admin', adminRoutes(deps));
  app.route('/api/v1/inventory', inventoryRoutes(deps));
  app.route('/api/v1/atp', atpRoutes(deps));
  app.route('/api/v1/holds', holdRoutes(deps));
  app.route('/api/v1/routing/policies', routingPolicyRoutes(deps));
  app.route('/api/v1/sync', syncRoutes(deps));
  // Channels (issue 4): Shopify webhooks in, authenticated by HMAC rather than a channel key.
  app.route('/api/v1/channels/shopify', shopifyRoutes(deps));
  // Notifications: the outbox listing (channel key for now), and the customer's tracking link (no login: the token is the credential).
  app.route('/api/v1/notifications', notificationRoutes(deps));
  app.route('/api/v1/track', trackingApiRoutes(deps));
  app.all('/api/*', (c) => sendError(c, new ApiException(404, 'not_found', `no route ${c.req.method} ${c.req.path}`)));
  // Before the PWA's catch-all, which would answer a tracking link with the associates' app.
  app.route('/track', trackingPageRoutes(deps));
  if (deps.pwaDistDir) app.route('/', staticRoutes(deps.pwaDistDir));

  app.onError((e, c) => {
    if (e instanceof ApiException) return sendError(c, e);
    if (e instanceof HTTPException && e.status < 500) {
      return sendError(c, new ApiException(e.status as 400, 'invalid_body', e.message || 'bad request'));
    }
    deps.log({ level: 'error', msg: 'unhandled error', requestId: c.get('requestId'), path: c.req.path, err: String(e), stack: e.stack });
    return sendError(c, new ApiException(500, 'internal', 'something went wrong on our side; the request can be retried'));
  });
  return app;
}
