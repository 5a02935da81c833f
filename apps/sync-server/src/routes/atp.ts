import { networkAvailableToPromise, Sku } from '@aisle/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { channelAuth, type AppEnv } from '../http/auth.ts';
import { invalidBody } from '../http/errors.ts';
import { INBOUND_HORIZON_DAYS, loadStockLevels } from '../routing/inputs.ts';

const AtpQuery = z.object({
  sku: Sku,
  location: z.string().min(1).max(100).optional(),
  horizonDays: z.coerce.number().int().min(0).max(365).default(INBOUND_HORIZON_DAYS),
});

/** Available to promise for one SKU: per location and for the network, each with its explanation. */
export function atpRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', channelAuth(deps.db));
  app.get('/', async (c) => {
    const parsed = AtpQuery.safeParse(c.req.query());
    if (!parsed.success) throw invalidBody(parsed.error);
    const { tenantId, channel } = c.get('channel');
    const { sku, location, horizonDays } = parsed.data;
    const levels = await loadStockLevels(deps.db, tenantId, [sku], location);
    const answer = networkAvailableToPromise(levels, { now: deps.clock().toISOString(), horizonDays, channel } as Parameters<
      typeof networkAvailableToPromise
    >[1]);
    return c.json({ sku, channel, horizonDays, ...answer });
  });
  return app;
}
