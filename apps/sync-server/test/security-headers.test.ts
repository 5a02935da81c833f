import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.ts';
import { useFixture } from './support/fixture.ts';

// Headers do not depend on storage; one backend is enough.
describe.each(BACKENDS.slice(0, 1))('security headers on $name', (backend) => {
  const f = useFixture(backend);

  test('every response, errors included, carries the policy, no-sniff and frame denial; no HSTS over plain HTTP', async () => {
    for (const [path, status] of [
      ['/api/health', 200],
      ['/api/v1/nope', 404],
      ['/api/v1/orders', 401],
    ] as const) {
      const res = await f.app.request(path);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  test('HSTS is sent when the request came over TLS, directly or through a proxy that says so', async () => {
    expect((await f.app.request('https://aisle.example/api/health')).headers.get('strict-transport-security')).toContain('max-age=31536000');
    const proxied = await f.app.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('strict-transport-security')).toContain('max-age=31536000');
  });

  test('the docs page allows exactly its own inline script, by hash', async () => {
    const res = await f.app.request('/api/docs');
    const html = await res.text();
    const script = html.slice(html.indexOf('<script type="module">') + '<script type="module">'.length, html.indexOf('</script>'));
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`script-src 'self' 'sha256-${hash}'`);
    const scriptSrc = policy.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(policy.match(/sha256-/g)).toHaveLength(1);
  });
});
