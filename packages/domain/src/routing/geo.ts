import type { GeoSource } from './decision.ts';
import type { RoutingAddress } from './input.ts';
import type { DistanceZone, GeoPoint, RoutingPolicy } from './policy.ts';

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/**
 * Great-circle distance, rounded to the metre. Math.sin/cos may differ in the
 * last bit between JavaScript engines; rounding keeps the server (V8) and a PWA
 * on another engine on the same side of a zone boundary in all but freak cases.
 */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  return Math.round(km * 1000) / 1000;
}

const normalisePostal = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

export interface ResolvedGeo {
  readonly point: GeoPoint | null;
  readonly source: GeoSource;
}

/**
 * RT11: coordinates if the address has them, else the longest matching postal
 * prefix of the same country, else its region; a postal prefix is tried first
 * because it is the finer of the two.
 */
export function resolveGeo(address: RoutingAddress, fallback: RoutingPolicy['geoFallback']): ResolvedGeo {
  if (address.geo) return { point: address.geo, source: 'address' };
  if (address.postalCode !== undefined) {
    const postal = normalisePostal(address.postalCode);
    let best: { len: number; geo: GeoPoint } | null = null;
    for (const entry of fallback.postalPrefixes) {
      if (entry.country !== address.country) continue;
      const prefix = normalisePostal(entry.prefix);
      if (postal.startsWith(prefix) && (best === null || prefix.length > best.len)) best = { len: prefix.length, geo: entry.geo };
    }
    if (best) return { point: best.geo, source: 'postal_prefix' };
  }
  if (address.region !== undefined) {
    const region = address.region.toLowerCase();
    const entry = fallback.regions.find((r) => r.country === address.country && r.region.toLowerCase() === region);
    if (entry) return { point: entry.geo, source: 'region' };
  }
  return { point: null, source: 'none' };
}

/**
 * RT12: the first zone reaching the distance; past the last zone, or with no
 * distance at all, the last (dearest) zone, so an unknown place never looks cheap.
 */
export function zoneCostMinor(zones: readonly DistanceZone[], distanceKm: number | null): number {
  const last = zones[zones.length - 1]!;
  if (distanceKm === null) return last.costMinor;
  for (const zone of zones) if (distanceKm <= zone.upToKm) return zone.costMinor;
  return last.costMinor;
}

/** Minutes after local midnight at `epochMs` for a place `utcOffsetMinutes` from UTC. */
export function localMinuteOfDay(epochMs: number, utcOffsetMinutes: number): number {
  const utcMinutes = Math.floor(epochMs / 60_000);
  return (((utcMinutes + utcOffsetMinutes) % 1440) + 1440) % 1440;
}
