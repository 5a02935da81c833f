import type { OrderStatus } from '@aisle/domain';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { channelAuth, type AppEnv } from '../http/auth.ts';
import { ApiException, invalidBody } from '../http/errors.ts';
import { escapeHtml } from './messages.ts';
import { listNotifications, NOTIFICATION_STATUSES } from './outbox.ts';
import { loadTrackingView, type TrackingPart, type TrackingView } from './tracking.ts';

const ListQuery = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/**
 * `GET /api/v1/notifications`: the outbox as the channel sees it. Channel-key
 * auth for now, scoped to the channel's own orders; it moves to the tenant
 * admin key when that exists.
 */
export function notificationRoutes(deps: Pick<AppDeps, 'db'>) {
  const app = new Hono<AppEnv>();
  app.use('*', channelAuth(deps.db));
  app.get('/', async (c) => {
    const parsed = ListQuery.safeParse(c.req.query());
    if (!parsed.success) throw invalidBody(parsed.error);
    const { status, limit } = parsed.data;
    const notifications = await listNotifications(deps.db, c.get('channel'), { ...(status ? { status } : {}), ...(limit ? { limit } : {}) });
    return c.json({ notifications });
  });
  return app;
}

/**
 * The customer's link carries the whole credential, so every answer is kept
 * out of caches, search engines and Referer headers (the page links nowhere,
 * but a browser extension or a proxy might).
 */
function privateHeaders(c: Context) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

/** `GET /api/v1/track/{token}`: the tracking page as JSON. No login: the token is the credential. */
export function trackingApiRoutes(deps: Pick<AppDeps, 'db'>) {
  const app = new Hono<AppEnv>();
  app.get('/:token', async (c) => {
    privateHeaders(c);
    const view = await loadTrackingView(deps.db, c.req.param('token'));
    if (!view) throw new ApiException(404, 'not_found', 'no order for this link');
    return c.json(view);
  });
  return app;
}

/** `GET /track/{token}`: a small server-rendered page, no script, no login. */
export function trackingPageRoutes(deps: Pick<AppDeps, 'db'>) {
  const app = new Hono();
  app.get('/:token', async (c) => {
    privateHeaders(c);
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    const view = await loadTrackingView(deps.db, c.req.param('token'));
    if (!view) return c.html(page('Order not found', '<h1>Order not found</h1><p>This link is not valid. Check that it was copied whole from your e-mail.</p>'), 404);
    return c.html(page(`Order ${view.orderNumber}`, trackingBody(view)));
  });
  return app;
}

const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
  captured: 'Received',
  backordered: 'Waiting for stock',
  routed: 'Being prepared',
  picking: 'Being prepared',
  picked: 'Being prepared',
  packed: 'Packed',
  ready_for_pickup: 'Ready for pickup',
  shipped: 'Shipped',
  delivered: 'Delivered',
  picked_up: 'Picked up',
  completed: 'Completed',
  return_in_progress: 'Return in progress',
  refunded: 'Refunded',
  cancelled: 'Cancelled',
  // Expired pickups and lines nobody can supply: a person follows up, the customer need not act.
  exception: 'We will be in touch about this order',
};

function partWords(part: TrackingPart): string {
  const at = part.storeName ? ` at ${part.storeName}` : '';
  switch (part.status) {
    case 'assigned':
    case 'picking':
    case 'picked':
    case 'packed':
      return part.deliveryMethod === 'pickup' ? `Being prepared for pickup${at}` : 'Being prepared';
    case 'ready_for_pickup':
      return `Ready for pickup${at}`;
    case 'picked_up':
      return `Picked up${at}`;
    case 'partially_picked_up':
      return `Partly picked up${at}`;
    case 'refused_at_pickup':
      return `Not collected${at}`;
    case 'expired':
      return `No longer held for pickup${at}: the pickup time has passed`;
    case 'shipped':
      return 'Shipped';
    case 'delivered':
      return 'Delivered';
    case 'cancelled':
      return 'Cancelled';
    case 'rejected':
      return 'Being moved to another location';
  }
}

function trackingBody(view: TrackingView): string {
  // The view carries the status as a string (OrderView); one added to the domain later reads as its name.
  const overall = (ORDER_STATUS_WORDS as Record<string, string | undefined>)[view.status] ?? view.status.replace(/_/g, ' ');
  const parts = view.parts
    .map((part) => {
      const shipments = part.shipments
        .map((s) => `<li>${escapeHtml(s.carrier)}, tracking number <strong>${escapeHtml(s.trackingNumber)}</strong></li>`)
        .join('');
      const units = `${part.units} item${part.units === 1 ? '' : 's'}`;
      return `<li><p><strong>${escapeHtml(partWords(part))}</strong> · ${units}</p>${shipments ? `<ul>${shipments}</ul>` : ''}</li>`;
    })
    .join('');
  return (
    `<h1>Order ${escapeHtml(view.orderNumber)}</h1>` +
    `<p>For ${escapeHtml(view.customer)} · placed ${escapeHtml(view.placedAt.slice(0, 10))}</p>` +
    `<p class="status">${escapeHtml(overall)}</p>` +
    `<ol class="parts">${parts}</ol>`
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}
.status{font-size:1.25rem;font-weight:600}.parts{padding-left:1.2rem}.parts li{margin-bottom:.75rem}</style>
</head><body><main>${body}</main></body></html>`;
}
