// Starts the real sync server for the e2e suite: fresh PGlite data directory,
// demo tenant, the built PWA. Embedded storage on purpose, even when CI sets
// DATABASE_URL: the server suite covers PostgreSQL, this one the default path.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const dataDir = path.resolve(import.meta.dirname, '..', '.data');
rmSync(dataDir, { recursive: true, force: true });
const env = { ...process.env, PORT: process.env.AISLE_E2E_PORT ?? '8390', AISLE_DATA_DIR: dataDir, AISLE_DEMO: 'true' };
delete env.DATABASE_URL;
const child = spawn(process.execPath, ['--import', 'tsx', 'apps/sync-server/src/main.ts'], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
