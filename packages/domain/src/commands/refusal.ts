import type { Refusal } from '../result.ts';

/**
 * Builds a command's `refuse(code, detail)` from its constant map of codes to
 * messages, so every refusal carries a code from that map and its message.
 */
export function refuser<C extends string>(messages: Readonly<Record<C, string>>): (code: C, detail?: string) => Refusal<C> {
  return (code, detail) => ({ code, message: detail ? `${messages[code]}: ${detail}` : messages[code] });
}
