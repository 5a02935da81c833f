import { addRxPlugin } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createAisleDatabase, type AisleDatabase } from '../src/db/database.ts';

// Dev-mode in tests: schema checks, frozen documents and JSON-schema validation
// catch mistakes the browser build would let through silently.
disableWarnings();
addRxPlugin(RxDBDevModePlugin);

let counter = 0;

/** A fresh in-memory database; call `db.remove()` when done (RxDB caps open collections). */
export function createTestDatabase(): Promise<AisleDatabase> {
  counter++;
  return createAisleDatabase({
    storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
    name: `aisle-test-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    multiInstance: false,
  });
}
