import { EnrolRequest } from '@aisle/domain/protocol';
import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { enrolDevice, revokeDevice } from '../devices/enrolment.ts';
import { deviceAuth, type AppEnv } from '../http/auth.ts';
import { readJson } from '../http/body.ts';

export function deviceRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/enrol', async (c) => {
    const { data } = await readJson(c, EnrolRequest);
    return c.json(await enrolDevice(deps.db, data.code, data.deviceName, deps.clock()), 201);
  });

  app.get('/current', deviceAuth(deps.db), async (c) => {
    const device = c.get('device');
    const { rows } = await deps.db.query<{ name: string; kind: string }>(
      'SELECT name, kind FROM locations WHERE tenant_id = $1 AND id = $2',
      [device.tenantId, device.locationId],
    );
    return c.json({ deviceId: device.deviceId, tenantId: device.tenantId, location: { id: device.locationId, ...rows[0] } });
  });

  /** A device unenrols itself: its token stops working at once. */
  app.delete('/current', deviceAuth(deps.db), async (c) => {
    await revokeDevice(deps.db, c.get('device').deviceId, deps.clock());
    return c.body(null, 204);
  });

  return app;
}
