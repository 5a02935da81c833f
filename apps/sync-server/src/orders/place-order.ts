import { randomUUID } from 'node:crypto';
import { routeOrder, type LocationAvailability, type RoutingDecision, type RoutingOrder } from '@aisle/domain';
import type { Sql } from '../storage/db.ts';
import { expireCartHolds, reserveAll, type ReservationRequest } from '../inventory/reservations.ts';
import { availabilityFor, loadRoutingLocations, loadStockLevels } from '../routing/inputs.ts';
import { livePolicy } from '../routing/policies.ts';

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

const MAX_ATTEMPTS = 20;

/**
 * Routes an order and reserves what the route takes, inside the caller's
 * transaction. Availability is read without locks, so a concurrent order may
 * take the units first: the conditional reservation then fails, that
 * location's availability is corrected to what is really left, and the order is
 * routed again (from a savepoint, so the partial reservations vanish). The
 * stock is never oversold whichever order wins.
 */
export async function placeOrder(
  tx: Sql,
  tenantId: string,
  order: RoutingOrder,
  now: Date,
  exclusions: { excludedLocationIds?: string[]; rejectingLocationIds?: string[] } = {},
): Promise<Placement> {
  const skus = [...new Set(order.lines.map((l) => l.sku))];
  await expireCartHolds(tx, tenantId, now, skus);
  const [locations, levels, { revision, policy }] = await Promise.all([
    loadRoutingLocations(tx, tenantId, now),
    loadStockLevels(tx, tenantId, skus),
    livePolicy(tx, tenantId),
  ]);
  let availability: LocationAvailability[] = availabilityFor(levels, order.channel, now);

  for (let attempt = 1; ; attempt++) {
    const decision = routeOrder({
      order,
      locations,
      availability,
      policy,
      context: {
        now: now.toISOString(),
        excludedLocationIds: exclusions.excludedLocationIds ?? [],
        rejectingLocationIds: exclusions.rejectingLocationIds ?? [],
      },
    } as Parameters<typeof routeOrder>[0]);
    const fulfilments = toFulfilments(decision);
    const requests: ReservationRequest[] = fulfilments.flatMap((f) =>
      f.lines.map((l) => ({
        locationId: f.locationId,
        sku: l.sku,
        quantity: l.quantity,
        kind: 'order' as const,
        orderId: order.id,
        lineId: l.lineId,
        fulfilmentOrderId: f.id,
      })),
    );
    await tx.query('SAVEPOINT place_order');
    const outcome = await reserveAll(tx, tenantId, requests, now);
    if (outcome.ok) {
      await tx.query('RELEASE SAVEPOINT place_order');
      return { decision, policyRevision: revision, fulfilments };
    }
    await tx.query('ROLLBACK TO SAVEPOINT place_order');
    // Every failed attempt lowers one availability figure to the committed value, so this ends.
    if (attempt >= MAX_ATTEMPTS) throw new Error(`could not reserve stock for order ${order.id} after ${attempt} attempts`);
    availability = availability.map((a) =>
      a.locationId === outcome.failed.locationId && a.sku === outcome.failed.sku ? { ...a, atp: Math.min(a.atp, outcome.available) } : a,
    );
  }
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
