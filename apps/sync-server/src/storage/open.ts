import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface StorageConfig {
  /** PostgreSQL when set; otherwise embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export async function openStorage(cfg: StorageConfig): Promise<Db> {
  let db: Db;
  if (cfg.databaseUrl) {
    db = await openPostgres({ connectionString: cfg.databaseUrl });
  } else {
    const dir = path.join(cfg.dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    db = await openPglite(dir);
  }
  await migrate(db);
  return db;
}
