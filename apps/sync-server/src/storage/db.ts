/** The slice of SQL access every module uses, identical on PGlite and PostgreSQL. */
export interface Sql {
  query<T extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export type StorageKind = 'pglite' | 'postgres';

export interface Db extends Sql {
  readonly kind: StorageKind;
  /**
   * Runs `fn` in one transaction (READ COMMITTED). Retried from the start on
   * serialization failure or deadlock, so `fn` must not have effects outside
   * the database.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL error codes worth a retry of the whole transaction. */
export const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
export const UNIQUE_VIOLATION = '23505';
export const CHECK_VIOLATION = '23514';

export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
