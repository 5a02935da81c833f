import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/**
 * The built PWA. Hashed assets are immutable; the service worker, its manifest
 * and index.html must be revalidated on every load or updates never arrive.
 * Unknown non-API paths get index.html so deep links work before the service
 * worker is installed.
 */
export function staticRoutes(distDir: string) {
  const app = new Hono();
  if (!existsSync(distDir)) {
    app.get('*', (c) => c.text(`The PWA is not built (${distDir} is missing): run \`npm run build\`.`, 503));
    return app;
  }
  app.use('*', async (c, next) => {
    await next();
    const path = c.req.path;
    if (path.startsWith('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    else c.header('Cache-Control', 'no-cache');
  });
  app.use('*', serveStatic({ root: distDir }));
  app.get('*', serveStatic({ root: distDir, path: 'index.html' }));
  return app;
}
