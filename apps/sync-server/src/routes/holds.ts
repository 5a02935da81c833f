import { CartHoldRequest } from '@aisle/domain/protocol';
import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { channelAuth, type AppEnv } from '../http/auth.ts';
import { readJson } from '../http/body.ts';
import { ApiException } from '../http/errors.ts';
import { CartHoldBatcher } from '../inventory/hold-batcher.ts';
import { closeReservations } from '../inventory/reservations.ts';

/**
 * Cart holds: a channel keeps units for a shopper while they check out. A hold
 * is a reservation with an expiry; expired holds are released by the sweeper
 * and before any capture of the same SKU. Holds on one stock row arriving
 * together are written in one transaction (inventory/hold-batcher.ts).
 */
export function holdRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', channelAuth(deps.db));

  const batcher = new CartHoldBatcher(deps.db);
  app.post('/', async (c) => {
    const { data } = await readJson(c, CartHoldRequest);
    const { tenantId } = c.get('channel');
    const now = deps.clock();
    const expiresAt = new Date(now.getTime() + data.ttlSeconds * 1000).toISOString();
    const outcome = await batcher.hold({ tenantId, locationId: data.locationId, sku: data.sku, quantity: data.quantity, expiresAt, now });
    if (!outcome.ok) {
      return c.json(
        { error: { code: 'conflict', message: `only ${outcome.available} available at ${data.locationId}`, field: 'quantity' }, available: outcome.available },
        409,
      );
    }
    return c.json({ id: outcome.reservationId, ...data, expiresAt }, 201);
  });

  app.delete('/:id', async (c) => {
    const { tenantId } = c.get('channel');
    const released = await deps.db.transaction(async (tx) => {
      const { rows } = await tx.query("SELECT 1 FROM reservations WHERE tenant_id = $1 AND id = $2 AND kind = 'cart_hold'", [tenantId, c.req.param('id')]);
      if (rows.length === 0) throw new ApiException(404, 'not_found', 'no such hold');
      return closeReservations(tx, tenantId, { reservationIds: [c.req.param('id')] }, 'released', deps.clock());
    });
    return c.json({ released: released.reduce((n, l) => n + l.quantity, 0) });
  });
  return app;
}
