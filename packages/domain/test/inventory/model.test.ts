import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { availableNow, availableToPromise } from '../../src/inventory/atp.ts';
import { AdjustStockCommand } from '../../src/inventory/commands/adjust-stock.ts';
import { CycleCountCommand } from '../../src/inventory/commands/cycle-count.ts';
import { ReceiveTransferCommand } from '../../src/inventory/commands/receive-transfer.ts';
import { applyStockCommand, validateStockCommand, type StockCommand } from '../../src/inventory/commands/stock-command.ts';
import { checkInventoryInvariants, findStockLevel, type InventoryState } from '../../src/inventory/inventory-state.ts';
import {
  consume,
  convertHold,
  expireHolds,
  release,
  reserve,
  ReserveInput,
  type ReservationResult,
} from '../../src/inventory/reservations.ts';
import { restockReturnedUnits } from '../../src/inventory/restock.ts';
import { expectTransfer, ExpectTransferInput } from '../../src/inventory/transfers.ts';
import { DC, inventory, level, MUG, NOW, oid, q, rid, sku, STORE, TEA } from './fixtures.ts';

/**
 * INV5: random sequences of inventory operations against a deliberately naive
 * reference model. The model stores no `reserved` field at all — it derives it
 * from its live reservations — so agreement on `reserved` checks INV1 from the
 * outside. Every accept/refuse decision must match too.
 */

const SPOON = sku('SPOON-01');
const LOCATIONS = [STORE, DC] as const;
const SKUS = [MUG, TEA] as const;
const KEYS = LOCATIONS.flatMap((l) => SKUS.map((s) => ({ locationId: l, sku: s })));
const keyOf = (locationId: string, s: string) => `${locationId}|${s}`;
const MINUTE = 60_000;

type Op =
  | { t: 'reserve'; key: number; qty: number; kind: 'order' | 'cart_hold'; ttl: number }
  | { t: 'release' | 'consume'; pick: number; qty: number | null }
  | { t: 'convert'; pick: number }
  | { t: 'adjust'; key: number; delta: number; reason: 'damaged' | 'lost' | 'found' | 'correction' }
  | { t: 'snapshot'; key: number }
  | { t: 'count'; snap: number; counted: number }
  | { t: 'restock'; key: number; qty: number }
  | { t: 'tick'; minutes: number; sweep: boolean }
  | { t: 'receive'; transfer: number; wrongLocation: boolean; received: { sku: number; qty: number }[] };

const key = fc.nat(KEYS.length - 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('reserve' as const), key, qty: fc.integer({ min: 1, max: 6 }), kind: fc.constantFrom('order' as const, 'cart_hold' as const), ttl: fc.integer({ min: 1, max: 6 }).map((n) => n * 5) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('release' as const, 'consume' as const), pick: fc.nat(), qty: fc.option(fc.integer({ min: 1, max: 6 })) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('convert' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('adjust' as const), key, delta: fc.integer({ min: -6, max: 6 }).filter((d) => d !== 0), reason: fc.constantFrom('damaged' as const, 'lost' as const, 'found' as const, 'correction' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('snapshot' as const), key }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('count' as const), snap: fc.nat(), counted: fc.nat(15) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restock' as const), key, qty: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 6 }).map((n) => n * 5), sweep: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('receive' as const), transfer: fc.nat(2), wrongLocation: fc.boolean(), received: fc.array(fc.record({ sku: fc.nat(2), qty: fc.integer({ min: 1, max: 5 }) }), { maxLength: 4 }) }) },
);

const TRANSFERS = [
  { id: 'tr-0', locationId: STORE, lines: [{ sku: MUG, quantity: 3 }, { sku: TEA, quantity: 2 }] },
  { id: 'tr-1', locationId: DC, lines: [{ sku: MUG, quantity: 5 }] },
  { id: 'tr-2', locationId: STORE, lines: [{ sku: TEA, quantity: 4 }] },
];
const RECEIVABLE = [MUG, TEA, SPOON];

// ---- the reference model -------------------------------------------------

interface MLevel {
  onHand: number;
  safety: number;
  countSeq: number;
  last: { counted: number; delta: number } | null;
  inbound: string[];
}
interface MRes {
  key: string;
  qty: number;
  kind: 'order' | 'cart_hold';
  expiresAt: number | null;
}
class Model {
  levels = new Map<string, MLevel>();
  live = new Map<string, MRes>();
  closed = new Map<string, 'released' | 'consumed' | 'expired'>();
  received = new Set<string>();
  now = Date.parse(NOW);

  level(k: string): MLevel {
    let l = this.levels.get(k);
    if (!l) this.levels.set(k, (l = { onHand: 0, safety: 0, countSeq: 0, last: null, inbound: [] }));
    return l;
  }
  reserved(k: string): number {
    let n = 0;
    for (const r of this.live.values()) if (r.key === k) n += r.qty;
    return n;
  }
  expire(which: (r: MRes) => boolean): void {
    for (const [id, r] of [...this.live]) {
      if (r.kind === 'cart_hold' && r.expiresAt !== null && r.expiresAt <= this.now && which(r)) {
        this.live.delete(id);
        this.closed.set(id, 'expired');
      }
    }
  }
  notLive(id: string): string {
    const c = this.closed.get(id);
    return c === undefined ? 'unknown_reservation' : c === 'consumed' ? 'already_consumed' : 'already_released';
  }
  reserve(id: string, k: string, qty: number, kind: MRes['kind'], ttl: number): string | null {
    const stale = (r: MRes) => r.key === k && r.kind === 'cart_hold' && r.expiresAt !== null && r.expiresAt <= this.now;
    const staleUnits = [...this.live.values()].filter(stale).reduce((n, r) => n + r.qty, 0);
    const l = this.level(k);
    const avail = Math.max(0, l.onHand - (this.reserved(k) - staleUnits) - l.safety);
    if (qty > avail) return 'insufficient_stock';
    this.expire((r) => r.key === k);
    this.live.set(id, { key: k, qty, kind, expiresAt: kind === 'cart_hold' ? this.now + ttl * MINUTE : null });
    return null;
  }
  take(id: string, qty: number | null, op: 'release' | 'consume'): string | null {
    const r = this.live.get(id);
    if (!r) return this.notLive(id);
    const units = qty ?? r.qty;
    if (units > r.qty) return 'quantity_exceeds_reservation';
    if (op === 'consume' && r.kind !== 'order') return 'not_an_order_reservation';
    r.qty -= units;
    if (r.qty === 0) {
      this.live.delete(id);
      this.closed.set(id, op === 'release' ? 'released' : 'consumed');
    }
    if (op === 'consume') {
      const l = this.level(r.key);
      l.onHand = Math.max(0, l.onHand - units);
    }
    return null;
  }
  convert(id: string): string | null {
    const r = this.live.get(id);
    if (!r) return this.notLive(id);
    if (r.kind !== 'cart_hold') return 'not_a_cart_hold';
    if (r.expiresAt !== null && r.expiresAt <= this.now) return 'hold_expired';
    r.kind = 'order';
    r.expiresAt = null;
    return null;
  }
  adjust(k: string, delta: number, reason: string): string | null {
    if ((['damaged', 'lost'].includes(reason) && delta > 0) || (reason === 'found' && delta < 0)) return 'reason_direction';
    const l = this.level(k);
    if (l.onHand + delta < 0) return 'below_zero';
    l.onHand += delta;
    return null;
  }
  count(k: string, snap: { onHand: number; countSeq: number }, counted: number): string | null {
    const l = this.level(k);
    if (snap.countSeq > l.countSeq) return 'invalid_snapshot';
    if (snap.countSeq < l.countSeq) return null; // superseded: nothing moves
    const delta = counted - snap.onHand;
    l.onHand = Math.max(0, l.onHand + delta);
    l.countSeq += 1;
    l.last = { counted, delta };
    return null;
  }
  receive(t: (typeof TRANSFERS)[number], at: string, received: { sku: string; qty: number }[]): string | null {
    if (at !== t.locationId) return 'wrong_location';
    if (this.received.has(t.id)) return 'already_received';
    this.received.add(t.id);
    for (const line of t.lines) {
      const l = this.level(keyOf(t.locationId, line.sku));
      l.inbound = l.inbound.filter((i) => i !== t.id);
    }
    for (const r of received) this.level(keyOf(t.locationId, r.sku)).onHand += r.qty;
    return null;
  }
}

// ---- the run ----------------------------------------------------------------

const iso = (ms: number) => new Date(ms).toISOString();
const codeOf = (r: ReservationResult) => (r.ok ? null : r.error.code);

function initial(onHands: number[], safeties: number[]): { impl: InventoryState; model: Model } {
  const model = new Model();
  let impl = inventory(
    ...KEYS.map((k, i) => level({ sku: k.sku, locationId: k.locationId, onHand: onHands[i] ?? 0, safetyStock: safeties[i] ?? 0 })),
  );
  KEYS.forEach((k, i) => Object.assign(model.level(keyOf(k.locationId, k.sku)), { onHand: onHands[i] ?? 0, safety: safeties[i] ?? 0 }));
  for (const t of TRANSFERS) {
    const r = expectTransfer(impl, ExpectTransferInput.parse({ ...t, eta: '2026-11-28T00:00:00.000Z', confidence: 0.8 }), { now: NOW });
    if (!r.ok) throw new Error(r.error.code);
    impl = r.value.state;
    for (const line of t.lines) model.level(keyOf(t.locationId, line.sku)).inbound.push(t.id);
  }
  return { impl, model };
}

/** What the implementation says, in the shape the model can predict. */
function observe(impl: InventoryState, now: number) {
  const levels = impl.stock
    .map((stock) => ({
      key: keyOf(stock.locationId, stock.sku),
      onHand: stock.onHand,
      reserved: stock.reserved,
      countSeq: stock.countSeq,
      inbound: stock.inbound.map((i) => i.id ?? '').sort(),
      // INV2, asserted as facts the model expects to be true.
      onHandNonNegative: stock.onHand >= 0,
      atpNonNegative:
        availableNow(stock).atp >= 0 && availableToPromise(stock, { now: iso(now), horizonDays: 3 }).atp >= 0,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { problems: checkInventoryInvariants(impl), levels, live: impl.reservations.map((r): string => r.id).sort() };
}

function predict(model: Model): ReturnType<typeof observe> {
  const levels = [...model.levels]
    .map(([key, l]) => ({
      key,
      onHand: l.onHand,
      reserved: model.reserved(key),
      countSeq: l.countSeq,
      inbound: [...l.inbound].sort(),
      onHandNonNegative: true,
      atpNonNegative: true,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { problems: [], levels, live: [...model.live.keys()].sort() };
}

function checkAgreement(impl: InventoryState, model: Model): void {
  const actual = observe(impl, model.now);
  const expected = predict(model);
  // One cheap comparison per step; `expect` only runs to explain a difference.
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
}

function step(impl: InventoryState, model: Model, op: Op, ids: string[], snaps: { key: string; onHand: number; countSeq: number }[]): InventoryState {
  const ctx = { now: iso(model.now) };
  // Mostly live reservations, so release and consume do real work; sometimes any id ever issued, or one never issued.
  const target = (pick: number) => {
    const live = [...model.live.keys()];
    if (pick % 3 !== 0 && live.length > 0) return live[pick % live.length]!;
    return pick % (ids.length + 1) === ids.length ? 'never-issued' : ids[pick % (ids.length + 1)]!;
  };
  const stockCommand = (cmd: StockCommand, expected: string | null): InventoryState => {
    const verdict = validateStockCommand(impl, cmd);
    expect(verdict.ok ? null : verdict.error.code, JSON.stringify(op)).toBe(expected);
    return verdict.ok ? applyStockCommand(impl, cmd, ctx).state : impl;
  };
  const ledger = (r: ReservationResult, expected: string | null): InventoryState => {
    expect(codeOf(r), JSON.stringify(op)).toBe(expected);
    return r.ok ? r.value.state : impl;
  };

  switch (op.t) {
    case 'reserve': {
      const k = KEYS[op.key]!;
      const id = `r${ids.length}`;
      ids.push(id);
      const input = ReserveInput.parse({
        id,
        sku: k.sku,
        locationId: k.locationId,
        quantity: op.qty,
        kind: op.kind,
        ...(op.kind === 'cart_hold' ? { expiresAt: iso(model.now + op.ttl * MINUTE) } : { orderId: oid('o') }),
      });
      const r = reserve(impl, input, ctx);
      const next = ledger(r, model.reserve(id, keyOf(k.locationId, k.sku), op.qty, op.kind, op.ttl));
      if (r.ok) {
        // A reservation never takes more than available-now allowed.
        expect(availableNow(findStockLevel(next, k.sku, k.locationId)!).explanation.beforeClamp).toBeGreaterThanOrEqual(0);
      }
      return next;
    }
    case 'release':
    case 'consume': {
      const id = target(op.pick);
      const input = { id: rid(id), ...(op.qty === null ? {} : { quantity: q(op.qty) }) };
      const r = op.t === 'release' ? release(impl, input, ctx) : consume(impl, input, ctx);
      return ledger(r, model.take(id, op.qty, op.t));
    }
    case 'convert': {
      const id = target(op.pick);
      return ledger(convertHold(impl, { id: rid(id), orderId: oid('o') }, ctx), model.convert(id));
    }
    case 'adjust': {
      const k = KEYS[op.key]!;
      const cmd = AdjustStockCommand.parse({ type: 'adjust_stock', sku: k.sku, locationId: k.locationId, delta: op.delta, reason: op.reason });
      return stockCommand(cmd, model.adjust(keyOf(k.locationId, k.sku), op.delta, op.reason));
    }
    case 'snapshot': {
      const k = KEYS[op.key]!;
      const stock = findStockLevel(impl, k.sku, k.locationId)!;
      snaps.push({ key: keyOf(k.locationId, k.sku), onHand: stock.onHand, countSeq: stock.countSeq });
      return impl;
    }
    case 'count': {
      const snap = snaps[op.snap % Math.max(1, snaps.length)];
      if (!snap) return impl;
      const [locationId, s] = snap.key.split('|') as [string, string];
      const cmd = CycleCountCommand.parse({
        type: 'cycle_count',
        sku: s,
        locationId,
        counted: op.counted,
        snapshot: { onHand: snap.onHand, countSeq: snap.countSeq },
      });
      return stockCommand(cmd, model.count(snap.key, snap, op.counted));
    }
    case 'restock': {
      const k = KEYS[op.key]!;
      model.level(keyOf(k.locationId, k.sku)).onHand += op.qty;
      return restockReturnedUnits(impl, { sku: k.sku, locationId: k.locationId, quantity: q(op.qty) }, ctx).state;
    }
    case 'tick': {
      model.now += op.minutes * MINUTE;
      if (!op.sweep) return impl;
      model.expire(() => true);
      return expireHolds(impl, iso(model.now)).state;
    }
    case 'receive': {
      const t = TRANSFERS[op.transfer]!;
      const at = op.wrongLocation ? (t.locationId === STORE ? DC : STORE) : t.locationId;
      const received = op.received.map((r) => ({ sku: RECEIVABLE[r.sku]!, qty: r.qty }));
      const cmd = ReceiveTransferCommand.parse({
        type: 'receive_transfer',
        transferId: t.id,
        locationId: at,
        received: received.map((r) => ({ sku: r.sku, quantity: r.qty })),
      });
      return stockCommand(cmd, model.receive(t, at, received));
    }
  }
}

describe('inventory model', () => {
  test('[INV5] random operation sequences agree with the reference model, with INV1–INV2 after every step', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(12), { minLength: KEYS.length, maxLength: KEYS.length }),
        fc.array(fc.nat(2), { minLength: KEYS.length, maxLength: KEYS.length }),
        fc.array(opArb, { minLength: 1, maxLength: 100, size: 'max' }),
        (onHands, safeties, ops) => {
          const start = initial(onHands, safeties);
          const model = start.model;
          let impl = start.impl;
          const ids: string[] = [];
          const snaps: { key: string; onHand: number; countSeq: number }[] = [];
          checkAgreement(impl, model);
          for (const op of ops) {
            impl = step(impl, model, op, ids, snaps);
            checkAgreement(impl, model);
          }
        },
      ),
      { numRuns: 150 },
    );
    // A generous ceiling so a busy CI machine does not fail a correct run; speed is measured in bench/, not here.
  }, 60_000);
});
