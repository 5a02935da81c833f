/**
 * Business refusals are values, not exceptions: a refused pick is an expected
 * outcome the UI must explain. Thrown errors are reserved for bugs.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });

/** A refusal: a stable code a UI maps to words, plus an English message for logs and integrators. */
export interface Refusal<C extends string> {
  readonly code: C;
  readonly message: string;
}
