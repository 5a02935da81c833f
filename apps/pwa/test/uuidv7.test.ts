import { CommandId } from '@aisle/domain';
import { expect, test } from 'vitest';
import { uuidv7 } from '../src/lib/uuidv7.ts';

test('UUIDv7 carries the millisecond timestamp, version 7 and the RFC variant, and is a valid CommandId', () => {
  const ms = Date.UTC(2026, 10, 27, 11, 0, 0, 123);
  const id = uuidv7(ms, () => new Uint8Array(16).fill(0xff));
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  expect(CommandId.safeParse(id).success).toBe(true);
});

test('ids made later sort later', () => {
  const a = uuidv7(1_000);
  const b = uuidv7(2_000);
  expect(a < b).toBe(true);
  expect(uuidv7(1_000)).not.toBe(a);
});
