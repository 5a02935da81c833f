import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  /** `bench`: the demo also seeds the benchmark tenant (`bench/capture.bench.ts`). */
  demoScale: 'default' | 'bench';
  pwaDistDir: string;
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
  };
}

function demoScale(value: string | undefined): Config['demoScale'] {
  if (value === undefined || value === '' || value === 'default') return 'default';
  if (value === 'bench') return 'bench';
  throw new Error(`AISLE_DEMO_SCALE must be default or bench, got ${value}`);
}
