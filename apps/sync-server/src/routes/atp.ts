import { networkAvailableToPromise, Sku, type TenantId } from '@aisle/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { authenticateChannel, bearer, channelAuth, unknownChannelKey, type AppEnv } from '../http/auth.ts';
import { invalidBody } from '../http/errors.ts';
import { INBOUND_HORIZON_DAYS, stockLevelsWhere, toStockLevel, type StockRow } from '../routing/inputs.ts';
import { hashSecret } from '../secrets.ts';

const AtpQuery = z.object({
  sku: Sku,
  location: z.string().min(1).max(100).optional(),
  horizonDays: z.coerce.number().int().min(0).max(365).default(INBOUND_HORIZON_DAYS),
});

// The channel key check of `channelAuth` and the stock read in one round trip:
// no row means an unknown or revoked key; a key whose tenant has no such stock
// gives one row without a level.
const keyAndLevels = (where: string) => `
  SELECT k.tenant_id AS key_tenant_id, k.channel AS key_channel, st.*
    FROM channel_keys k
    LEFT JOIN LATERAL (${stockLevelsWhere(`s.tenant_id = k.tenant_id AND ${where}`)}) st ON true
   WHERE k.key_hash = $1 AND k.revoked_at IS NULL
   ORDER BY st.location_id, st.sku`;
const ALL_LOCATIONS_SQL = keyAndLevels('s.sku = $2');
const ONE_LOCATION_SQL = keyAndLevels('s.sku = $2 AND s.location_id = $3');

/**
 * Available to promise for one SKU: per location and for the network, each
 * with its explanation. The hottest read of the channel API, so it checks the
 * key itself, in the same statement as the stock read; the answers (401 before
 * 400 before 200) are those of `channelAuth` followed by the handler.
 */
export function atpRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const key = bearer(c.req.header('Authorization'));
    const parsed = AtpQuery.safeParse(c.req.query());
    if (!parsed.success) {
      await authenticateChannel(deps.db, key);
      throw invalidBody(parsed.error);
    }
    const { sku, location, horizonDays } = parsed.data;
    const { rows } = await deps.db.query<{ key_tenant_id: TenantId; key_channel: string } & StockRow>(
      location === undefined ? ALL_LOCATIONS_SQL : ONE_LOCATION_SQL,
      location === undefined ? [hashSecret(key), sku] : [hashSecret(key), sku, location],
    );
    const first = rows[0];
    if (!first) throw unknownChannelKey();
    const channel = first.key_channel;
    c.set('channel', { tenantId: first.key_tenant_id, channel });
    const levels = rows.filter((r) => r.location_id !== null).map(toStockLevel);
    const answer = networkAvailableToPromise(levels, { now: deps.clock().toISOString(), horizonDays, channel } as Parameters<
      typeof networkAvailableToPromise
    >[1]);
    return c.json({ sku, channel, horizonDays, ...answer });
  });
  // Registered after the handler, so it never runs for the read above; any other method or path here still answers 401 before 404.
  app.use('*', channelAuth(deps.db));
  return app;
}
