import { randomUUID } from 'node:crypto';
import { routeOrder, type LocationId, type RoutingDecision, type RoutingLocation, type RoutingOrder, type RoutingPolicy, type StockLevel } from '@aisle/domain';
import { availabilityFor } from '../routing/inputs.ts';

/** A fulfilment order to create: one per (location, delivery method) the decision uses. */
export interface PlannedFulfilment {
  id: string;
  locationId: string;
  deliveryMethod: 'ship' | 'pickup';
  lines: { lineId: string; sku: string; quantity: number }[];
}

export interface Placement {
  decision: RoutingDecision;
  policyRevision: number;
  fulfilments: PlannedFulfilment[];
}

export interface RoutingInputs {
  locations: RoutingLocation[];
  levels: StockLevel[];
  policy: { revision: number; policy: RoutingPolicy };
}

/**
 * Routes an order on inputs read without locks. The caller reserves what the
 * placement takes with conditional updates in the same transaction; if a
 * concurrent order took the units first, the reservation fails and the caller
 * starts again from fresh inputs, so the stock is never oversold whichever order wins.
 */
export function planPlacement(order: RoutingOrder, inputs: RoutingInputs, now: Date, exclusions: { rejectingLocationIds?: readonly string[] } = {}): Placement {
  const decision = routeOrder({
    order,
    locations: inputs.locations,
    availability: availabilityFor(inputs.levels, order.channel, now),
    policy: inputs.policy.policy,
    // A reroute names every location that gave up part of the order; capture names none.
    context: { now: now.toISOString(), excludedLocationIds: [], rejectingLocationIds: [...(exclusions.rejectingLocationIds ?? [])] as LocationId[] },
  } as Parameters<typeof routeOrder>[0]);
  return { decision, policyRevision: inputs.policy.revision, fulfilments: toFulfilments(decision) };
}

function toFulfilments(decision: RoutingDecision): PlannedFulfilment[] {
  const out: PlannedFulfilment[] = decision.shipments
    .filter((s) => s.lines.some((l) => l.quantity > 0))
    .map((s) => ({
      id: randomUUID(),
      locationId: s.locationId,
      deliveryMethod: 'ship' as const,
      lines: s.lines.filter((l) => l.quantity > 0).map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
    }));
  const pickup = decision.pickup;
  if (pickup && pickup.lines.some((l) => l.quantity > 0)) {
    out.push({
      id: randomUUID(),
      locationId: pickup.locationId,
      deliveryMethod: 'pickup',
      lines: pickup.lines.filter((l) => l.quantity > 0).map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
    });
  }
  return out;
}
