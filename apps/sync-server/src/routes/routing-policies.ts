import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { channelAuth, type AppEnv } from '../http/auth.ts';
import { readJson } from '../http/body.ts';
import { ApiException } from '../http/errors.ts';
import { listPolicies, livePolicy, promote, saveDraft } from '../routing/policies.ts';

const DraftRequest = z.object({ policy: z.unknown(), note: z.string().trim().max(500).optional() });

/** Routing policy revisions: read, save a draft, promote a draft to live. */
export function routingPolicyRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', channelAuth(deps.db));

  app.get('/', async (c) => {
    const { tenantId } = c.get('channel');
    const [revisions, live] = await Promise.all([listPolicies(deps.db, tenantId), livePolicy(deps.db, tenantId)]);
    return c.json({ liveRevision: live.revision, revisions });
  });

  app.get('/live', async (c) => c.json(await livePolicy(deps.db, c.get('channel').tenantId)));

  app.post('/', async (c) => {
    const { data } = await readJson(c, DraftRequest);
    const { tenantId } = c.get('channel');
    return c.json(await deps.db.transaction((tx) => saveDraft(tx, tenantId, data.policy, data.note, deps.clock())), 201);
  });

  app.post('/:revision/promote', async (c) => {
    const revision = Number(c.req.param('revision'));
    if (!Number.isInteger(revision) || revision < 1) throw new ApiException(400, 'invalid_body', 'revision is a positive integer', 'revision');
    const { tenantId } = c.get('channel');
    return c.json(await deps.db.transaction((tx) => promote(tx, tenantId, revision, deps.clock())));
  });
  return app;
}
