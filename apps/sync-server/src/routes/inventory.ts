import { InboundSupplyRequest, StockDeltasRequest, StockSnapshotRequest } from '@aisle/domain/protocol';
import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { channelAuth, type AppEnv } from '../http/auth.ts';
import { readJson } from '../http/body.ts';
import { putInboundSupply } from '../inventory/inbound.ts';
import { applyDeltas, putSnapshot } from '../inventory/stock-feed.ts';

/** The inventory feed from a system of record (ERP, WMS, POS): snapshots, deltas, inbound supply. */
export function inventoryRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', channelAuth(deps.db));

  app.put('/locations/:locationId/snapshot', async (c) => {
    const { data } = await readJson(c, StockSnapshotRequest);
    const { tenantId, channel } = c.get('channel');
    const result = await deps.db.transaction((tx) => putSnapshot(tx, tenantId, c.req.param('locationId'), data.items, deps.clock(), channel));
    // The location's devices replicate its stock levels: tell them.
    deps.notifier.publish(tenantId, c.req.param('locationId'));
    return c.json(result);
  });

  app.post('/deltas', async (c) => {
    const { data } = await readJson(c, StockDeltasRequest);
    const { tenantId, channel } = c.get('channel');
    const result = await deps.db.transaction((tx) => applyDeltas(tx, tenantId, data.deltas, deps.clock(), channel));
    for (const locationId of new Set(data.deltas.map((d) => d.locationId))) deps.notifier.publish(tenantId, locationId);
    return c.json(result);
  });

  app.put('/inbound', async (c) => {
    const { data } = await readJson(c, InboundSupplyRequest);
    const { tenantId } = c.get('channel');
    return c.json(await deps.db.transaction((tx) => putInboundSupply(tx, tenantId, data.supplies)));
  });

  return app;
}
