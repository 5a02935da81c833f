import path from 'node:path';

export const E2E_PORT = Number(process.env.AISLE_E2E_PORT ?? 8390);
/** Fixed, so the config (evaluated in every worker) and the server agree; wiped at each server start. */
export const E2E_DATA_DIR = path.resolve(import.meta.dirname, '..', '.data');
