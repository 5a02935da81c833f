/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Command
 * ids sort by creation time, which keeps server-side indexes append-only; the
 * order the server applies commands in comes from `deviceSeq`, not from here.
 */
export function uuidv7(nowMs: number, randomBytes: (n: number) => Uint8Array = cryptoRandomBytes): string {
  const bytes = randomBytes(16);
  if (bytes.length !== 16) throw new RangeError('uuidv7 needs 16 random bytes');
  let ms = Math.floor(nowMs);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function cryptoRandomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}
