import type { CostBreakdown } from './decision.ts';
import { zoneCostMinor } from './geo.ts';
import type { RoutingLocation } from './input.ts';
import type { RoutingPolicy } from './policy.ts';

/**
 * RT13: the per-shipment terms of the cost model. Everything is rounded to whole
 * minor units here, once, so the search compares integers and the breakdown a
 * manager reads adds up to the total exactly.
 */
export interface ShipmentTerms {
  readonly shippingMinor: number;
  readonly handlingOrderMinor: number;
  readonly capacityMinor: number;
  readonly priorityMinor: number;
  readonly cutoffPenaltyMinor: number;
  /** Sum of the above: what opening a shipment here costs before any unit. */
  readonly fixedMinor: number;
  readonly perUnitMinor: number;
}

export function shipmentTerms(
  location: RoutingLocation,
  distanceKm: number | null,
  policy: RoutingPolicy,
  opts: { readonly pastCutoffPenalised: boolean; readonly ordersAlreadyTakenByThisOrder: number },
): ShipmentTerms {
  const cost = policy.cost;
  const shippingMinor = zoneCostMinor(cost.distanceZones, distanceKm);
  const handlingOrderMinor = location.handlingCostPerOrder;
  // Utilisation after taking this shipment; a zero capacity (filter off) reads as full.
  const taken = location.usedCapacityToday + opts.ordersAlreadyTakenByThisOrder + 1;
  const utilisation = location.dailyCapacity > 0 ? taken / location.dailyCapacity : 1;
  const capacityMinor = Math.round(cost.capacityUtilisationWeightMinor * utilisation);
  const priorityMinor = cost.priorityWeightMinor * location.priority;
  const cutoffPenaltyMinor = opts.pastCutoffPenalised ? policy.filters.cutoff.penaltyMinor : 0;
  return {
    shippingMinor,
    handlingOrderMinor,
    capacityMinor,
    priorityMinor,
    cutoffPenaltyMinor,
    fixedMinor: shippingMinor + handlingOrderMinor + capacityMinor + priorityMinor + cutoffPenaltyMinor,
    perUnitMinor: location.handlingCostPerUnit,
  };
}

export function costBreakdown(terms: ShipmentTerms, units: number): CostBreakdown {
  const handlingUnitsMinor = units * terms.perUnitMinor;
  return {
    shippingMinor: terms.shippingMinor,
    handlingOrderMinor: terms.handlingOrderMinor,
    handlingUnitsMinor,
    capacityMinor: terms.capacityMinor,
    priorityMinor: terms.priorityMinor,
    cutoffPenaltyMinor: terms.cutoffPenaltyMinor,
    totalMinor: terms.fixedMinor + handlingUnitsMinor,
  };
}
