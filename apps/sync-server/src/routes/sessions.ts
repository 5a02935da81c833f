import { SignInRequest } from '@aisle/domain/protocol';
import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { revokeSession, signIn } from '../auth/associates.ts';
import { ROLE_COMMANDS } from '../auth/permissions.ts';
import { deviceAuth, sessionAuth, type AppEnv } from '../http/auth.ts';
import { readJson } from '../http/body.ts';

/** Associates sign in and out on an enrolled device. */
export function sessionRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', deviceAuth(deps.db));

  app.post('/', async (c) => {
    const { data } = await readJson(c, SignInRequest);
    const signedIn = await signIn(deps.db, c.get('device'), data.badge, data.pin, deps.clock());
    return c.json({ ...signedIn, permissions: [...ROLE_COMMANDS[signedIn.associate.role]] }, 201);
  });

  app.get('/current', sessionAuth(deps.db, deps.clock), (c) => {
    const s = c.get('session');
    return c.json({ associate: { id: s.associateId, displayName: s.displayName, role: s.role }, permissions: [...ROLE_COMMANDS[s.role]] });
  });

  /** Sign-out: the token stops working at once. The device's outbox is not the server's business and stays on the device. */
  app.delete('/current', sessionAuth(deps.db, deps.clock), async (c) => {
    await revokeSession(deps.db, c.get('session').sessionId, deps.clock());
    return c.body(null, 204);
  });

  return app;
}
