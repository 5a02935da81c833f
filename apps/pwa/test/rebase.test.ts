import { describe, expect, test } from 'vitest';
import { commandsInFlight, isReflectedIn, rebase, rebaseView } from '../src/features/sync/rebase.ts';
import { makeEntry, makeFulfilmentOrder, pickCommand } from './fixtures.ts';

describe('rebase', () => {
  test('re-applies pending commands on the replica in deviceSeq order', () => {
    const replica = makeFulfilmentOrder();
    const view = rebase(replica, [
      { deviceSeq: 3, createdAt: '2026-11-27T11:03:00.000Z', command: pickCommand('l2') },
      { deviceSeq: 1, createdAt: '2026-11-27T11:01:00.000Z', command: pickCommand('l1') },
      { deviceSeq: 2, createdAt: '2026-11-27T11:02:00.000Z', command: pickCommand('l1') },
    ]);
    expect(view.lines.map((l) => l.picked)).toEqual([2, 1]);
    expect(view.status).toBe('picked');
    expect(view.version).toBe(replica.version + 3);
    // The last command applied (seq 3) sets updatedAt: order follows deviceSeq, not array order.
    expect(view.updatedAt).toBe('2026-11-27T11:03:00.000Z');
  });

  test('does not mutate the replica', () => {
    const replica = makeFulfilmentOrder();
    const before = structuredClone(replica);
    rebase(replica, [{ deviceSeq: 1, createdAt: '2026-11-27T11:01:00.000Z', command: pickCommand('l1') }]);
    expect(replica).toEqual(before);
  });

  test('skips commands that no longer validate against newer server state', () => {
    // Another device picked the Tea meanwhile: our Tea pick must vanish from the view, the Mug pick stays.
    const replica = makeFulfilmentOrder({
      status: 'picking',
      version: 2,
      lines: makeFulfilmentOrder().lines.map((l) => (l.lineId === 'l2' ? { ...l, picked: 1 } : l)),
    });
    const view = rebase(replica, [
      { deviceSeq: 1, createdAt: '2026-11-27T11:01:00.000Z', command: pickCommand('l2') },
      { deviceSeq: 2, createdAt: '2026-11-27T11:02:00.000Z', command: pickCommand('l1') },
    ]);
    expect(view.lines.map((l) => l.picked)).toEqual([1, 1]);
    expect(view.status).toBe('picking');
  });

  test('skips every pick once the order is cancelled', () => {
    const replica = makeFulfilmentOrder({ status: 'cancelled', version: 3 });
    const view = rebase(replica, [{ deviceSeq: 1, createdAt: '2026-11-27T11:01:00.000Z', command: pickCommand('l1') }]);
    expect(view).toEqual(replica);
  });

  test('ignores commands for other fulfilment orders', () => {
    const replica = makeFulfilmentOrder();
    const view = rebase(replica, [{ deviceSeq: 1, createdAt: '2026-11-27T11:01:00.000Z', command: pickCommand('l1', 1, 'fo-2') }]);
    expect(view).toEqual(replica);
  });
});

describe('which outbox entries are re-applied', () => {
  const replica = makeFulfilmentOrder({ version: 4 });
  const pending = makeEntry({ command: pickCommand('l1') });
  const ackedAhead = makeEntry({ command: pickCommand('l1'), state: 'acked', documentVersion: 5 });
  const ackedReflected = makeEntry({ command: pickCommand('l2'), state: 'acked', documentVersion: 4 });
  const rejected = makeEntry({ command: pickCommand('l2'), state: 'rejected', reason: { code: 'line_already_picked', message: 'x' } });
  const otherOrder = makeEntry({ command: pickCommand('l1', 1, 'fo-2') });

  test('pending and not-yet-reflected acked entries of this order, nothing else', () => {
    const chosen = commandsInFlight(replica, [pending, ackedAhead, ackedReflected, rejected, otherOrder]);
    expect(chosen.map((e) => e.id)).toEqual([pending.id, ackedAhead.id]);
  });

  test('an acked entry is reflected once the replica version reaches its documentVersion', () => {
    expect(isReflectedIn(ackedAhead, { version: 4 })).toBe(false);
    expect(isReflectedIn(ackedAhead, { version: 5 })).toBe(true);
    expect(isReflectedIn(pending, { version: 99 })).toBe(false);
  });

  test('an ack before the pull keeps the pick visible (no flicker)', () => {
    const acked = makeEntry({ command: pickCommand('l1'), state: 'acked', documentVersion: 2 });
    const beforePull = rebaseView(makeFulfilmentOrder({ version: 1 }), [acked]);
    expect(beforePull.lines[0]?.picked).toBe(1);
    // After the pull the replica itself shows the pick, and it is not applied twice.
    const pulled = makeFulfilmentOrder({
      version: 2,
      status: 'picking',
      lines: makeFulfilmentOrder().lines.map((l) => (l.lineId === 'l1' ? { ...l, picked: 1 } : l)),
    });
    expect(rebaseView(pulled, [acked]).lines[0]?.picked).toBe(1);
  });

  test('a rejected entry disappears from the view', () => {
    expect(rebaseView(replica, [rejected])).toEqual(replica);
  });
});
