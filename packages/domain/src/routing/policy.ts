import { z } from 'zod';
import { RoutingPolicyId } from '../ids.ts';
import { err, ok, type Refusal, type Result } from '../result.ts';

/**
 * A routing policy is data, not code: ops edit it, the server stores it, and the
 * PWA's what-if screen replays it. Bump the version with a line here whenever a
 * field changes meaning, so an old domain build never routes with a policy it
 * would misread (RT2).
 *
 * History:
 * - 1: filters, zone cost model, split/capacity/priority terms, ship-complete, max splits, split lines, geo fallback.
 */
export const ROUTING_POLICY_VERSION = 1;
export const SUPPORTED_ROUTING_POLICY_VERSIONS: readonly number[] = [1];

/** Money in minor currency units (cents): integers, so sums are exact and identical on every engine. */
export const MinorUnits = z.number().int().nonnegative().max(1_000_000_000);

export const GeoPoint = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

/** ISO 3166-1 alpha-2, as carriers and channels send it. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'a country is two capital letters (ISO 3166-1 alpha-2)');

export const DistanceZone = z.object({
  /** Inclusive upper bound of the zone in kilometres. */
  upToKm: z.number().positive(),
  /** Carrier cost of one shipment into this zone. */
  costMinor: MinorUnits,
});
export type DistanceZone = z.infer<typeof DistanceZone>;

export const CUTOFF_MODES = ['filter', 'penalise'] as const;

export const RoutingPolicy = z.object({
  id: RoutingPolicyId,
  version: z.literal(ROUTING_POLICY_VERSION),
  filters: z.object({
    channelEligibility: z.object({ enabled: z.boolean() }),
    maxDistance: z.object({ enabled: z.boolean(), maxKm: z.number().positive() }),
    /** Units held back at every location so store shelves are not brokered to the last unit. */
    brokeringSafetyStock: z.object({ enabled: z.boolean(), units: z.number().int().nonnegative().max(100_000) }),
    capacity: z.object({ enabled: z.boolean() }),
    /**
     * After the carrier cut-off a parcel leaves tomorrow: either the location is
     * not used (`filter`) or it costs `penaltyMinor` more per shipment (`penalise`),
     * which lets a late but otherwise far better location still win.
     */
    cutoff: z.object({ enabled: z.boolean(), mode: z.enum(CUTOFF_MODES), penaltyMinor: MinorUnits }),
  }),
  cost: z.object({
    distanceZones: z
      .array(DistanceZone)
      .min(1)
      .refine((zones) => zones.every((z, i) => i === 0 || z.upToKm > zones[i - 1]!.upToKm), 'zones must be in ascending upToKm order'),
    /** Charged once per shipment beyond the first. */
    splitPenaltyMinor: MinorUnits,
    /** Per shipment: weight × (orders taken today + 1) / daily capacity, rounded. */
    capacityUtilisationWeightMinor: MinorUnits,
    /** Per shipment: weight × location priority (0 = first choice). */
    priorityWeightMinor: MinorUnits,
  }),
  options: z.object({
    /** One shipment from one location with every ship line, or nothing ships now. */
    shipComplete: z.boolean(),
    /** Ship-from locations beyond the first that one order may use. */
    maxSplits: z.number().int().min(0).max(20),
    /** Whether one line's units may come from several locations. */
    splitLines: z.boolean(),
    /** How many other pickup stores to offer when the chosen one cannot fill a line. */
    pickupAlternatives: z.number().int().min(0).max(20),
  }),
  /** Where to put an address (or a location) that has no coordinates. */
  geoFallback: z.object({
    postalPrefixes: z.array(z.object({ country: CountryCode, prefix: z.string().min(1).max(12), geo: GeoPoint })),
    regions: z.array(z.object({ country: CountryCode, region: z.string().min(1).max(100), geo: GeoPoint })),
  }),
});
export type RoutingPolicy = z.infer<typeof RoutingPolicy>;

export const ROUTING_POLICY_REFUSALS = {
  /** RT2 */
  policy_version_unsupported: 'this routing policy version is not supported by this build',
  /** RT2 */
  policy_invalid: 'the routing policy does not match its schema',
} as const;
export type RoutingPolicyRefusalCode = keyof typeof ROUTING_POLICY_REFUSALS;
export interface RoutingPolicyRefusal extends Refusal<RoutingPolicyRefusalCode> {
  /** The version the policy claimed, when it claimed a number. */
  readonly version: number | null;
  readonly supportedVersions: readonly number[];
  /** Dotted paths of the offending fields (`policy_invalid` only). */
  readonly fields: readonly string[];
}

/**
 * RT1, RT2: the only door from stored or received JSON to a policy. The version
 * is checked before the shape, so a newer policy is reported as newer rather
 * than as a pile of schema errors about fields this build has never heard of.
 */
export function parseRoutingPolicy(json: unknown): Result<RoutingPolicy, RoutingPolicyRefusal> {
  const claimed =
    typeof json === 'object' && json !== null && 'version' in json ? (json as { version: unknown }).version : undefined;
  const version = typeof claimed === 'number' ? claimed : null;
  if (version !== null && !SUPPORTED_ROUTING_POLICY_VERSIONS.includes(version)) {
    const newer = version > ROUTING_POLICY_VERSION;
    return err({
      code: 'policy_version_unsupported',
      message: `${ROUTING_POLICY_REFUSALS.policy_version_unsupported}: got ${version}${newer ? ' (newer than this build)' : ''}, supported ${SUPPORTED_ROUTING_POLICY_VERSIONS.join(', ')}`,
      version,
      supportedVersions: SUPPORTED_ROUTING_POLICY_VERSIONS,
      fields: [],
    });
  }
  const parsed = RoutingPolicy.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const fields = parsed.error.issues.map((i) => i.path.join('.'));
  return err({
    code: 'policy_invalid',
    message: `${ROUTING_POLICY_REFUSALS.policy_invalid}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    version,
    supportedVersions: SUPPORTED_ROUTING_POLICY_VERSIONS,
    fields,
  });
}
