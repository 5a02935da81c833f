import { describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { useFixture } from './support/fixture.ts';
import { call } from './support/http.ts';

// The document is the same for every backend; one is enough to serve it.
describe.each(BACKENDS.slice(0, 1))('OpenAPI document on $name', (backend) => {
  const f = useFixture(backend);

  test('every mounted /api route is described, with its method', async () => {
    const doc = (await call(f, 'GET', '/api/openapi.json')).body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const mounted = f.app.routes
      .filter((r) => r.path.startsWith('/api/') && !r.path.includes('*') && r.method !== 'ALL')
      .filter((r) => r.path !== '/api/openapi.json' && r.path !== '/api/docs')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(mounted.length).toBeGreaterThan(10);
    const described = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));
    for (const route of mounted) expect(described, route).toContain(route);
    for (const op of described) expect(mounted, op).toContain(op);
  });

  test('every schema reference resolves', async () => {
    const text = JSON.stringify((await call(f, 'GET', '/api/openapi.json')).body);
    const doc = JSON.parse(text) as { components: { schemas: Record<string, unknown> } };
    const refs = [...text.matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(5);
    for (const name of refs) expect(doc.components.schemas[name], name).toBeDefined();
  });

  test('the docs page is served as HTML', async () => {
    const res = await f.app.request('/api/docs');
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('/api/openapi.json');
  });
});
