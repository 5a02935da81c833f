import { z } from 'zod';
import { LineId, LocationId, OrderId, RoutingPolicyId, Sku } from '../ids.ts';
import { GeoPoint } from './policy.ts';

/**
 * What `routeOrder` answers: the plan and why. It is plain JSON because the
 * server stores it with the routing run, sends it to the manager's what-if
 * screen, and support reads it when a customer asks "why from there?".
 */

/** RT3: the fixed order the filters run in. */
export const ROUTING_FILTERS = [
  'capability',
  'channel',
  'exclusion',
  'max_distance',
  'safety_stock',
  'capacity',
  'cutoff',
] as const;
export type RoutingFilter = (typeof ROUTING_FILTERS)[number];

/** Why a filter removed a location: stable codes a UI maps to words. */
export const REMOVAL_REASONS = [
  'lacks_capability',
  'channel_not_eligible',
  'excluded',
  'rejected_order',
  'too_far',
  'location_geo_unknown',
  'no_usable_stock',
  'at_capacity',
  'past_cutoff',
] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/** Why units of a line are not in a shipment now. */
export const SHORTFALL_REASONS = [
  'no_ship_to_address',
  'no_eligible_location',
  'insufficient_stock',
  'split_limit',
  'unavailable_today',
  'ship_complete',
] as const;
export type ShortfallReason = (typeof SHORTFALL_REASONS)[number];

/** Why a pickup line could not stay at the chosen store. */
export const PICKUP_ISSUE_REASONS = ['no_pickup_location', 'pickup_location_unavailable', 'insufficient_stock_at_store'] as const;
export type PickupIssueReason = (typeof PICKUP_ISSUE_REASONS)[number];

export const GEO_SOURCES = ['address', 'postal_prefix', 'region', 'none'] as const;
export type GeoSource = (typeof GEO_SOURCES)[number];

export const SEARCH_PHASES = ['none', 'single_location', 'greedy', 'local_search'] as const;

const minor = z.number().int().nonnegative();
const units = z.number().int().nonnegative();
const km = z.number().nonnegative().nullable();

export const FilterStep = z.object({
  filter: z.enum(ROUTING_FILTERS),
  enabled: z.boolean(),
  /** Set when an enabled filter could not act, e.g. max distance with an unlocatable ship-to. */
  note: z.string().nullable(),
  removed: z.array(z.object({ locationId: LocationId, reason: z.enum(REMOVAL_REASONS), detail: z.string() })),
  /** Locations kept but charged (cut-off in `penalise` mode). */
  penalised: z.array(z.object({ locationId: LocationId, detail: z.string() })),
});
export type FilterStep = z.infer<typeof FilterStep>;

/** RT13: each term of a shipment's cost, in minor units. */
export const CostBreakdown = z.object({
  shippingMinor: minor,
  handlingOrderMinor: minor,
  handlingUnitsMinor: minor,
  capacityMinor: minor,
  priorityMinor: minor,
  cutoffPenaltyMinor: minor,
  totalMinor: minor,
});
export type CostBreakdown = z.infer<typeof CostBreakdown>;

export const PlannedLine = z.object({ lineId: LineId, sku: Sku, quantity: units });
export type PlannedLine = z.infer<typeof PlannedLine>;

export const PlannedShipment = z.object({
  locationId: LocationId,
  distanceKm: km,
  lines: z.array(PlannedLine),
  cost: CostBreakdown,
});
export type PlannedShipment = z.infer<typeof PlannedShipment>;

/** A candidate that survived the filters, scored as if it alone shipped every unit it can cover. */
export const CandidateScore = z.object({
  locationId: LocationId,
  distanceKm: km,
  coverableUnits: units,
  cost: CostBreakdown,
  chosen: z.boolean(),
});
export type CandidateScore = z.infer<typeof CandidateScore>;

export const PlannedPickup = z.object({
  locationId: LocationId,
  lines: z.array(PlannedLine),
  handlingMinor: minor,
});
export type PlannedPickup = z.infer<typeof PlannedPickup>;

export const PickupIssue = z.object({
  lineId: LineId,
  sku: Sku,
  quantity: units,
  reason: z.enum(PICKUP_ISSUE_REASONS),
  detail: z.string(),
});
export type PickupIssue = z.infer<typeof PickupIssue>;

/** RT21: choices put to the customer (or associate) instead of moving pickup lines silently. */
export const PickupAlternatives = z.object({
  /** Nearest first from the chosen store; each lists the issue lines it can fill in full. */
  stores: z.array(z.object({ locationId: LocationId, distanceKm: km, lineIds: z.array(LineId) })),
  /** A ship-to-home quote for the issue lines, when there is an address and stock to ship. */
  shipToHome: z
    .object({ lineIds: z.array(LineId), shipments: z.array(PlannedShipment), totalMinor: minor })
    .nullable(),
  /** The chosen store's inbound supply covers these lines: the customer may wait. */
  waitForInbound: z.object({ locationId: LocationId, lineIds: z.array(LineId) }).nullable(),
});
export type PickupAlternatives = z.infer<typeof PickupAlternatives>;

export const Backorder = z.object({
  lineId: LineId,
  sku: Sku,
  quantity: units,
  /** Where the units will come from once the inbound supply lands. */
  locationId: LocationId,
  inboundUnits: units,
  reason: z.enum(SHORTFALL_REASONS),
  detail: z.string(),
});
export type Backorder = z.infer<typeof Backorder>;

export const UnfillableLine = z.object({
  lineId: LineId,
  sku: Sku,
  quantity: units,
  reason: z.enum(SHORTFALL_REASONS),
  detail: z.string(),
});
export type UnfillableLine = z.infer<typeof UnfillableLine>;

export const ROUTING_OUTCOMES = ['fully_routed', 'partially_routed', 'not_routed'] as const;

export const RoutingDecision = z.object({
  orderId: OrderId,
  policy: z.object({ id: RoutingPolicyId, version: z.number().int() }),
  decidedAt: z.string(),
  /** `fully_routed`: every unit is in a shipment or the pickup; `not_routed`: none is. */
  outcome: z.enum(ROUTING_OUTCOMES),
  shipments: z.array(PlannedShipment),
  pickup: PlannedPickup.nullable(),
  pickupIssues: z.array(PickupIssue),
  pickupAlternatives: PickupAlternatives.nullable(),
  backorders: z.array(Backorder),
  unfillable: z.array(UnfillableLine),
  totals: z.object({
    shipmentsMinor: minor,
    splitPenaltyMinor: minor,
    pickupHandlingMinor: minor,
    totalMinor: minor,
  }),
  explanation: z.object({
    geo: z.object({
      source: z.enum(GEO_SOURCES),
      point: GeoPoint.nullable(),
      /** RT11: true when the ship-to had no coordinates and a fallback placed it. */
      fallbackUsed: z.boolean(),
      /** Candidate locations whose own coordinates came from the fallback table. */
      locationsOnFallback: z.array(LocationId),
    }),
    filters: z.object({ ship: z.array(FilterStep), pickup: z.array(FilterStep) }),
    candidates: z.array(CandidateScore),
    search: z.object({ foundBy: z.enum(SEARCH_PHASES), evaluations: z.number().int().nonnegative() }),
  }),
});
export type RoutingDecision = z.infer<typeof RoutingDecision>;
