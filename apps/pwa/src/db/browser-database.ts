import { addRxPlugin, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createAisleDatabase, type AisleDatabase } from './database.ts';

/**
 * The browser's database: Dexie on IndexedDB. Dev-mode (schema checks, frozen
 * documents, validation) only under `vite dev`: it is slow, and in a browser
 * it loads a page from RxDB's site, which production and e2e must never do.
 */
export async function openBrowserDatabase(): Promise<AisleDatabase> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let storage: RxStorage<any, any> = getRxStorageDexie();
  if (import.meta.env.DEV) {
    const [{ RxDBDevModePlugin }, { wrappedValidateAjvStorage }] = await Promise.all([
      import('rxdb/plugins/dev-mode'),
      import('rxdb/plugins/validate-ajv'),
    ]);
    addRxPlugin(RxDBDevModePlugin);
    // Dev-mode refuses a storage without a validator (DVM1).
    storage = wrappedValidateAjvStorage({ storage });
  }
  return createAisleDatabase({ storage });
}
