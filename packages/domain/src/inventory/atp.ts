import type { ChannelId, LocationId, Sku } from '../ids.ts';
import { DAY_MS, instant } from './instant.ts';
import { channelBufferFor, type InboundSupply, type StockLevel } from './stock-level.ts';

/**
 * Available to promise (ATP rules in SPEC):
 *
 *   atp = max(0, onHand − reserved − safetyStock + Σ floor(inbound × confidence) [eta ≤ horizon] − channel buffer)
 *
 * Two bases: `availableToPromise` counts inbound within a horizon (what a
 * channel may promise, backorders included); `availableNow` counts only what is
 * on the shelf, and is the only thing a reservation may take (RS1), because a
 * reservation is a claim on physical units a picker will look for.
 */

export type AtpBasis = 'with_inbound' | 'on_hand_only';

export const INBOUND_TERM_REASONS = {
  within_horizon: 'arrives by the horizon',
  overdue: 'was due before now and is not received yet; still expected',
  beyond_horizon: 'arrives after the horizon',
  on_hand_only: 'reservations take only stock on hand',
} as const;
export type InboundTermReason = keyof typeof INBOUND_TERM_REASONS;

export interface InboundTerm {
  readonly id: string | null;
  readonly quantity: number;
  readonly eta: string;
  readonly confidence: number;
  readonly counted: boolean;
  readonly reason: InboundTermReason;
  /** Units this line adds to ATP: floor(quantity × confidence) when counted, else 0. */
  readonly units: number;
}

/** Every term of the sum, so an associate or support can see why the number is what it is (ATP6). */
export interface AtpExplanation {
  readonly sku: Sku;
  readonly locationId: LocationId;
  readonly basis: AtpBasis;
  /** Inclusive end of the inbound horizon; null on the on-hand basis. */
  readonly horizonEnd: string | null;
  readonly onHand: number;
  readonly reserved: number;
  readonly safetyStock: number;
  readonly inbound: readonly InboundTerm[];
  readonly inboundUnits: number;
  readonly channel: ChannelId | null;
  readonly channelBuffer: number;
  /** onHand − reserved − safetyStock + inboundUnits − channelBuffer, before the clamp. */
  readonly beforeClamp: number;
  readonly clampedToZero: boolean;
}

export interface AtpAnswer {
  readonly atp: number;
  readonly explanation: AtpExplanation;
}

/** The horizon is given either in days from `now` or as an end instant; eta equal to the end counts. */
export type AtpQuery = { readonly now: string; readonly channel?: ChannelId } & (
  | { readonly horizonDays: number; readonly horizonEnd?: never }
  | { readonly horizonEnd: string; readonly horizonDays?: never }
);

export interface AvailableNowQuery {
  readonly channel?: ChannelId;
}

/** Confidence is read to 4 decimals; see `inboundUnits`. */
const CONFIDENCE_SCALE = 10_000;

/**
 * ATP3: floor per inbound line, so a line never promises a unit it is not
 * sure of and two 0.5-confident lines of 1 add nothing. Done in integers:
 * `Math.floor(100 * 0.29)` is 28 in floating point, which would quietly lose a
 * unit; scaling the confidence to an integer first makes the floor exact.
 */
export function inboundUnits(quantity: number, confidence: number): number {
  const scaled = Math.round(confidence * CONFIDENCE_SCALE);
  return Math.floor((quantity * scaled) / CONFIDENCE_SCALE);
}

function horizonEndOf(query: AtpQuery): string {
  if (query.horizonEnd !== undefined) {
    instant(query.horizonEnd);
    return query.horizonEnd;
  }
  if (!Number.isFinite(query.horizonDays) || query.horizonDays < 0) {
    throw new RangeError(`horizonDays must be a finite number ≥ 0, got ${query.horizonDays}`);
  }
  return new Date(instant(query.now) + query.horizonDays * DAY_MS).toISOString();
}

function inboundTerm(supply: InboundSupply, counted: boolean, reason: InboundTermReason): InboundTerm {
  return {
    id: supply.id ?? null,
    quantity: supply.quantity,
    eta: supply.eta,
    confidence: supply.confidence,
    counted,
    reason,
    units: counted ? inboundUnits(supply.quantity, supply.confidence) : 0,
  };
}

function answer(
  stock: StockLevel,
  basis: AtpBasis,
  horizonEnd: string | null,
  inbound: readonly InboundTerm[],
  channel: ChannelId | undefined,
): AtpAnswer {
  const inboundSum = inbound.reduce((sum, term) => sum + term.units, 0);
  const channelBuffer = channelBufferFor(stock, channel);
  const beforeClamp = stock.onHand - stock.reserved - stock.safetyStock + inboundSum - channelBuffer;
  return {
    atp: Math.max(0, beforeClamp),
    explanation: {
      sku: stock.sku,
      locationId: stock.locationId,
      basis,
      horizonEnd,
      onHand: stock.onHand,
      reserved: stock.reserved,
      safetyStock: stock.safetyStock,
      inbound,
      inboundUnits: inboundSum,
      channel: channel ?? null,
      channelBuffer,
      beforeClamp,
      clampedToZero: beforeClamp < 0,
    },
  };
}

/** ATP1–ATP6: what a channel may promise at this location, inbound within the horizon included. */
export function availableToPromise(stock: StockLevel, query: AtpQuery): AtpAnswer {
  const now = instant(query.now);
  const horizonEnd = horizonEndOf(query);
  const end = instant(horizonEnd);
  const inbound = stock.inbound.map((supply) => {
    const eta = instant(supply.eta);
    // ATP2: a late delivery stays promised until it is received or its entry removed; hiding it would
    // make ATP jump down and up again around every slipped ETA.
    if (eta > end) return inboundTerm(supply, false, 'beyond_horizon');
    return inboundTerm(supply, true, eta < now ? 'overdue' : 'within_horizon');
  });
  return answer(stock, 'with_inbound', horizonEnd, inbound, query.channel);
}

/** ATP7: stock on the shelf that nobody has claimed; the basis for reservations (RS1). */
export function availableNow(stock: StockLevel, query: AvailableNowQuery = {}): AtpAnswer {
  const inbound = stock.inbound.map((supply) => inboundTerm(supply, false, 'on_hand_only'));
  return answer(stock, 'on_hand_only', null, inbound, query.channel);
}

export interface NetworkAtpAnswer {
  readonly atp: number;
  /** One answer per location, in the order given; each carries its SKU and location. */
  readonly locations: readonly AtpAnswer[];
}

/**
 * ATP8: the network figure for one SKU is the sum of the clamped per-location
 * figures; a location in shortage must not cancel out units another location
 * really has. Levels of several SKUs, or two levels for one location, are a
 * caller bug (the sum would mean nothing), hence a throw.
 */
export function networkAvailableToPromise(levels: readonly StockLevel[], query: AtpQuery): NetworkAtpAnswer {
  const seen = new Set<string>();
  for (const s of levels) {
    if (s.sku !== levels[0]?.sku) throw new Error(`network ATP is per SKU: got ${levels[0]?.sku} and ${s.sku}`);
    if (seen.has(s.locationId)) throw new Error(`two stock levels for ${s.sku} at ${s.locationId}`);
    seen.add(s.locationId);
  }
  const locations = levels.map((s) => availableToPromise(s, query));
  return { atp: locations.reduce((sum, a) => sum + a.atp, 0), locations };
}

/** The explanation as lines of English, for a support screen or a log. */
export function describeAtp({ atp, explanation: e }: AtpAnswer): string[] {
  const lines = [
    `${e.sku} at ${e.locationId}${e.channel ? ` for channel ${e.channel}` : ''}` +
      (e.horizonEnd ? `, inbound up to ${e.horizonEnd}` : ', stock on hand only'),
    `  on hand          ${e.onHand}`,
    `− reserved         ${e.reserved}`,
    `− safety stock     ${e.safetyStock}`,
  ];
  for (const t of e.inbound) {
    const what = `${t.id ?? 'inbound'}: ${t.quantity} × ${t.confidence} due ${t.eta}`;
    lines.push(`+ ${t.counted ? `${t.units}`.padEnd(16) : 'not counted'.padEnd(16)} ${what} (${INBOUND_TERM_REASONS[t.reason]})`);
  }
  if (e.channel) lines.push(`− channel buffer   ${e.channelBuffer}`);
  lines.push(`= ${e.beforeClamp}`);
  if (e.clampedToZero) lines.push(`ATP ${atp}: clamped to zero, it is never negative`);
  else lines.push(`ATP ${atp}`);
  return lines;
}
