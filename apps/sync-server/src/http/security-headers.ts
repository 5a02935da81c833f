import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/**
 * The policy the PWA runs under. Scripts, workers and the manifest come only
 * from this origin (Vite emits no inline script); `style-src` allows inline
 * style attributes because React sets them; images and the camera preview may
 * be `blob:`/`data:` URLs made on the device; nothing may frame the app
 * (a pickup kiosk or counter screen inside someone else's frame is a
 * click-jacking target).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The same policy, also allowing exactly one inline script (a server-rendered page's), by its hash. */
export function policyAllowingInlineScript(script: string): string {
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' 'sha256-${hash}'`);
}

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every response, errors included. A route may set its
 * own Content-Security-Policy (a page with a hashed inline script); it is kept.
 * HSTS only when the request arrived over TLS — directly or through a proxy
 * that says so — because a browser that sees it over plain HTTP ignores it and
 * a developer on http://localhost must not be pinned to HTTPS.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    if (new URL(c.req.url).protocol === 'https:' || forwarded === 'https') h.set('Strict-Transport-Security', HSTS);
  };
}
