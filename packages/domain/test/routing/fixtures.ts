import type { RoutingDecision } from '../../src/routing/decision.ts';
import { RouteOrderInput } from '../../src/routing/input.ts';
import { RoutingPolicy } from '../../src/routing/policy.ts';

/**
 * A small Dutch network around an Amsterdam customer. Distances from the
 * customer (52.370, 4.900): store-ams ≈ 1.5 km, wh-utrecht ≈ 35 km,
 * wh-rotterdam ≈ 57 km, drop-paris ≈ 430 km, wh-berlin ≈ 577 km.
 */
export const CUSTOMER = { lat: 52.37, lon: 4.9 };
export const NOW = '2026-11-27T10:00:00.000Z';

type Json = Record<string, unknown>;

export function policyJson(overrides: { filters?: Json; cost?: Json; options?: Json; geoFallback?: Json } = {}): Json {
  return {
    id: 'policy-default',
    version: 1,
    filters: {
      channelEligibility: { enabled: true },
      maxDistance: { enabled: true, maxKm: 800 },
      brokeringSafetyStock: { enabled: false, units: 0 },
      capacity: { enabled: true },
      cutoff: { enabled: true, mode: 'filter', penaltyMinor: 0 },
      ...overrides.filters,
    },
    cost: {
      distanceZones: [
        { upToKm: 50, costMinor: 500 },
        { upToKm: 200, costMinor: 800 },
        { upToKm: 1000, costMinor: 1500 },
      ],
      splitPenaltyMinor: 300,
      capacityUtilisationWeightMinor: 0,
      priorityWeightMinor: 0,
      ...overrides.cost,
    },
    options: { shipComplete: false, maxSplits: 2, splitLines: true, pickupAlternatives: 3, ...overrides.options },
    geoFallback: { postalPrefixes: [], regions: [], ...overrides.geoFallback },
  };
}

export function makePolicy(overrides: Parameters<typeof policyJson>[0] = {}): RoutingPolicy {
  return RoutingPolicy.parse(policyJson(overrides));
}

export function location(id: string, over: Json = {}): Json {
  return {
    id,
    kind: 'warehouse',
    address: { country: 'NL', geo: { lat: 52.09, lon: 5.12 } },
    capabilities: ['ship'],
    dailyCapacity: 100,
    usedCapacityToday: 0,
    carrierCutoff: null,
    handlingCostPerOrder: 200,
    handlingCostPerUnit: 10,
    priority: 0,
    ...over,
  };
}

export const NETWORK: Json[] = [
  location('store-ams', {
    kind: 'store',
    address: { country: 'NL', geo: { lat: 52.358, lon: 4.881 } },
    capabilities: ['pickup', 'ship_from_store', 'curbside'],
    handlingCostPerOrder: 400,
    handlingCostPerUnit: 50,
  }),
  location('wh-utrecht', { address: { country: 'NL', geo: { lat: 52.09, lon: 5.12 } } }),
  location('wh-rotterdam', { address: { country: 'NL', geo: { lat: 51.92, lon: 4.48 } } }),
  location('drop-paris', { kind: 'dropship', address: { country: 'FR', geo: { lat: 48.86, lon: 2.35 } } }),
  location('wh-berlin', { address: { country: 'DE', geo: { lat: 52.52, lon: 13.4 } } }),
];

export interface InputOverrides {
  lines?: Json[];
  order?: Json;
  locations?: Json[];
  /** `{ 'wh-utrecht': { 'MUG': 5 } }` or with inbound: `{ 'wh-utrecht': { 'MUG': [0, 5] } }`. */
  stock?: Record<string, Record<string, number | [number, number]>>;
  context?: Json;
  policy?: Parameters<typeof policyJson>[0];
}

export function makeInput(over: InputOverrides = {}): RouteOrderInput {
  const availability = Object.entries(over.stock ?? {}).flatMap(([locationId, skus]) =>
    Object.entries(skus).map(([sku, v]) => ({
      locationId,
      sku,
      atp: Array.isArray(v) ? v[0] : v,
      inboundWithinHorizon: Array.isArray(v) ? v[1] : 0,
    })),
  );
  return RouteOrderInput.parse({
    order: {
      id: 'ord-1',
      channel: 'web',
      lines: over.lines ?? [{ lineId: 'l1', sku: 'MUG', quantity: 1, deliveryMethod: 'ship' }],
      shipTo: { country: 'NL', postalCode: '1011 AB', geo: CUSTOMER },
      ...over.order,
    },
    locations: over.locations ?? NETWORK,
    availability,
    context: { now: NOW, excludedLocationIds: [], rejectingLocationIds: [], ...over.context },
    policy: policyJson(over.policy),
  });
}

export const ship = (lineId: string, sku: string, quantity: number): Json => ({ lineId, sku, quantity, deliveryMethod: 'ship' });
export const pick = (lineId: string, sku: string, quantity: number): Json => ({ lineId, sku, quantity, deliveryMethod: 'pickup' });


export type Decision = RoutingDecision;

/** Which locations one filter removed, with the reason code. */
export function removedBy(decision: Decision, filter: string, method: 'ship' | 'pickup' = 'ship'): Record<string, string> {
  const step = decision.explanation.filters[method].find((s) => s.filter === filter);
  if (!step) throw new Error(`no ${filter} step for ${method}`);
  return Object.fromEntries(step.removed.map((r) => [r.locationId, r.reason]));
}

export const shippedFrom = (decision: Decision): string[] => decision.shipments.map((s) => s.locationId);
