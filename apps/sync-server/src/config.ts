import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  /** `bench`: the demo also seeds the benchmark tenant (`bench/capture.bench.ts`); `store`: the store-replica tenant (`bench/sync.bench.ts`). */
  demoScale: 'default' | 'bench' | 'store';
  pwaDistDir: string;
  /** Customer e-mail (notifications): without it messages stay queued and listed, never dropped. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Base of links sent to customers (tracking page), without a trailing slash. */
  publicUrl: string;
}

/** Environment → config, with the defaults the README documents. A bad value stops the start with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(REPO_ROOT, env.AISLE_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: (env.AISLE_DEMO ?? 'true') !== 'false',
    demoScale: demoScale(env.AISLE_DEMO_SCALE),
    pwaDistDir: path.resolve(REPO_ROOT, env.AISLE_PWA_DIST ?? 'apps/pwa/dist'),
    smtpUrl: smtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM?.trim() || 'Aisle <no-reply@aisle.localhost>',
    publicUrl: publicUrl(env.PUBLIC_URL, port),
  };
}

function smtpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('SMTP_URL must be a URL like smtp://host:587 or smtps://user:pass@host:465');
  }
  // The value may hold a password: the message names the scheme only.
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  return value;
}

/** Links in e-mails must work from the customer's phone, so an explicit PUBLIC_URL is needed beyond a laptop. */
function publicUrl(value: string | undefined, port: number): string {
  if (!value) return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute http(s) URL, got ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`PUBLIC_URL must be an absolute http(s) URL, got ${value}`);
  return value.replace(/\/+$/, '');
}

function demoScale(value: string | undefined): Config['demoScale'] {
  if (value === undefined || value === '' || value === 'default') return 'default';
  if (value === 'bench' || value === 'store') return value;
  throw new Error(`AISLE_DEMO_SCALE must be default, bench or store, got ${value}`);
}
