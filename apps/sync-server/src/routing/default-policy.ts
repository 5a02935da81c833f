import type { RoutingPolicy } from '@aisle/domain';

/**
 * The policy a tenant routes with until it promotes one of its own. UK-scale
 * zones; costs in pence. Kept as data so it can be saved as revision 1 and
 * edited like any other.
 */
export const DEFAULT_ROUTING_POLICY = {
  id: 'default',
  version: 1,
  filters: {
    channelEligibility: { enabled: true },
    maxDistance: { enabled: true, maxKm: 800 },
    brokeringSafetyStock: { enabled: true, units: 0 },
    capacity: { enabled: true },
    cutoff: { enabled: true, mode: 'penalise', penaltyMinor: 150 },
  },
  cost: {
    distanceZones: [
      { upToKm: 25, costMinor: 350 },
      { upToKm: 100, costMinor: 450 },
      { upToKm: 300, costMinor: 600 },
      { upToKm: 800, costMinor: 900 },
      { upToKm: 20_000, costMinor: 2500 },
    ],
    splitPenaltyMinor: 300,
    capacityUtilisationWeightMinor: 100,
    priorityWeightMinor: 50,
  },
  options: { shipComplete: false, maxSplits: 2, splitLines: true, pickupAlternatives: 3 },
  geoFallback: {
    postalPrefixes: [
      { country: 'GB', prefix: 'M', geo: { lat: 53.48, lon: -2.24 } },
      { country: 'GB', prefix: 'B', geo: { lat: 52.49, lon: -1.89 } },
      { country: 'GB', prefix: 'LS', geo: { lat: 53.8, lon: -1.55 } },
      { country: 'GB', prefix: 'EH', geo: { lat: 55.95, lon: -3.19 } },
      { country: 'GB', prefix: 'E', geo: { lat: 51.52, lon: -0.05 } },
      { country: 'GB', prefix: 'N', geo: { lat: 51.56, lon: -0.11 } },
      { country: 'GB', prefix: 'SW', geo: { lat: 51.46, lon: -0.17 } },
      { country: 'GB', prefix: 'BS', geo: { lat: 51.45, lon: -2.59 } },
    ],
    regions: [
      { country: 'GB', region: 'England', geo: { lat: 52.36, lon: -1.17 } },
      { country: 'GB', region: 'Scotland', geo: { lat: 56.49, lon: -4.2 } },
      { country: 'GB', region: 'Wales', geo: { lat: 52.13, lon: -3.78 } },
    ],
  },
} as unknown as RoutingPolicy;
