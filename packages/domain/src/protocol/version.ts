/**
 * Device ⇄ server sync protocol version, sent by clients in the
 * `Aisle-Protocol` header. Bump on any incompatible change, with a line here.
 *
 * History:
 * - 1: pull of fulfilment orders by (txid, id) checkpoint; push of pick_line commands.
 */
export const PROTOCOL_VERSION = 1;
/** Oldest client protocol the server still accepts; older clients get 426 `protocol_outdated`. */
export const MIN_SUPPORTED_PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'Aisle-Protocol';
