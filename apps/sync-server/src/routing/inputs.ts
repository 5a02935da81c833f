import {
  availableNow,
  availableToPromise,
  type LocationAvailability,
  type RoutingLocation,
  type StockLevel,
} from '@aisle/domain';
import type { Sql } from '../storage/db.ts';

/** Inbound supply counts towards backorders when it is due within this many days. */
export const INBOUND_HORIZON_DAYS = 14;

export interface LocationRow {
  id: string;
  kind: RoutingLocation['kind'];
  country: string;
  region: string | null;
  postal_code: string | null;
  lat: number | null;
  lon: number | null;
  capabilities: string[];
  eligible_channels: string[] | null;
  daily_capacity: number;
  cutoff_local_minutes: number | null;
  utc_offset_minutes: number;
  handling_cost_per_order: number;
  handling_cost_per_unit: number;
  priority: number;
  used_today: number;
}

/**
 * Every location of the tenant with its capacity used today: the fulfilment
 * orders it received since its local midnight. The counts come from the
 * shard rows a trigger keeps (migration 0010); if any recent row was counted
 * under another UTC offset than the location has now, they cannot say which
 * side of midnight those orders fall, and the exact count over the
 * location's fulfilment orders answers instead. The placeholders are
 * parameters so capture can embed this in its one read.
 */
export const routingLocationsSql = (tenant: string, now: string) => {
  const midnight = `date_trunc('day', ${now}::timestamptz + make_interval(mins => l.utc_offset_minutes))`;
  return `SELECT l.id, l.kind, l.country, l.region, l.postal_code, l.lat, l.lon, l.capabilities, l.eligible_channels,
            l.daily_capacity, l.cutoff_local_minutes, l.utc_offset_minutes, l.handling_cost_per_order,
            l.handling_cost_per_unit, l.priority,
            coalesce(
              (SELECT CASE WHEN bool_or(u.utc_offset_minutes <> l.utc_offset_minutes) THEN NULL
                           ELSE coalesce(sum(u.used) FILTER (WHERE u.day_start >= ${midnight}), 0)::int END
                 FROM location_capacity_used u
                WHERE u.tenant_id = l.tenant_id AND u.location_id = l.id AND u.day_start >= ${midnight} - interval '3 days'),
              (SELECT count(*)::int FROM fulfilment_orders fo
                WHERE fo.tenant_id = l.tenant_id AND fo.location_id = l.id
                  AND fo.created_at >= ${midnight} - make_interval(mins => l.utc_offset_minutes))) AS used_today
       FROM locations l WHERE l.tenant_id = ${tenant} ORDER BY l.id`;
};

/** Every location of the tenant as routing sees it. */
export async function loadRoutingLocations(db: Sql, tenantId: string, now: Date): Promise<RoutingLocation[]> {
  const { rows } = await db.query<LocationRow>(routingLocationsSql('$1', '$2'), [tenantId, now.toISOString()]);
  return rows.map(toRoutingLocation);
}

export function toRoutingLocation(r: LocationRow): RoutingLocation {
  return {
    id: r.id,
    kind: r.kind,
    address: {
      country: r.country,
      ...(r.region ? { region: r.region } : {}),
      ...(r.postal_code ? { postalCode: r.postal_code } : {}),
      ...(r.lat !== null && r.lon !== null ? { geo: { lat: r.lat, lon: r.lon } } : {}),
    },
    capabilities: r.capabilities,
    ...(r.eligible_channels ? { eligibleChannels: r.eligible_channels } : {}),
    dailyCapacity: r.daily_capacity,
    usedCapacityToday: r.used_today,
    carrierCutoff: r.cutoff_local_minutes === null ? null : { localMinutes: r.cutoff_local_minutes, utcOffsetMinutes: r.utc_offset_minutes },
    handlingCostPerOrder: r.handling_cost_per_order,
    handlingCostPerUnit: r.handling_cost_per_unit,
    priority: r.priority,
  } as RoutingLocation;
}

export interface StockRow {
  location_id: string;
  sku: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  channel_buffers: Record<string, number>;
  inbound: { id: string; quantity: number; eta: string; confidence: number }[] | null;
}

/** Stock levels matching `where` (over `s`, the stock_levels row) with their open inbound supply. */
export const stockLevelsWhere = (where: string) =>
  `SELECT s.location_id, s.sku, s.on_hand, s.reserved, s.safety_stock, s.channel_buffers,
            (SELECT json_agg(json_build_object('id', i.id, 'quantity', i.quantity, 'eta', i.eta, 'confidence', i.confidence) ORDER BY i.eta, i.id)
               FROM inbound_supply i
              WHERE i.tenant_id = s.tenant_id AND i.location_id = s.location_id AND i.sku = s.sku AND i.status = 'open') AS inbound
       FROM stock_levels s
      WHERE ${where}
      ORDER BY s.location_id, s.sku`;

/** Stock levels of some SKUs (at one location, or all when `location` is NULL) with their open inbound supply. */
export const stockLevelsSql = (tenant: string, skus: string, location: string) =>
  stockLevelsWhere(`s.tenant_id = ${tenant} AND s.sku = ANY(${skus}::text[]) AND (${location}::text IS NULL OR s.location_id = ${location})`);

// One SKU (the ATP read) gets texts without the array and the optional location:
// PostgreSQL then settles on one generic plan for each instead of planning every
// call, because the catch-all text's generic plan looks costlier than a custom one.
const ONE_SKU_SQL = stockLevelsWhere('s.tenant_id = $1 AND s.sku = $2');
const ONE_SKU_AT_SQL = stockLevelsWhere('s.tenant_id = $1 AND s.sku = $2 AND s.location_id = $3');
const ANY_SKUS_SQL = stockLevelsSql('$1', '$2', '$3');

/** Stock levels with their open inbound supply, as the domain's `StockLevel`. */
export async function loadStockLevels(db: Sql, tenantId: string, skus: readonly string[], locationId?: string): Promise<StockLevel[]> {
  const [only, ...more] = skus;
  const { rows } =
    only !== undefined && more.length === 0
      ? await db.query<StockRow>(locationId === undefined ? ONE_SKU_SQL : ONE_SKU_AT_SQL, locationId === undefined ? [tenantId, only] : [tenantId, only, locationId])
      : await db.query<StockRow>(ANY_SKUS_SQL, [tenantId, [...skus], locationId ?? null]);
  return rows.map(toStockLevel);
}

export function toStockLevel(r: StockRow): StockLevel {
  return {
    sku: r.sku,
    locationId: r.location_id,
    onHand: r.on_hand,
    reserved: r.reserved,
    safetyStock: r.safety_stock,
    inbound: (r.inbound ?? []).map((i) => ({ id: i.id, quantity: i.quantity, eta: new Date(i.eta).toISOString(), confidence: i.confidence })),
    channelBuffers: Object.entries(r.channel_buffers ?? {}).map(([channelId, units]) => ({ channelId, units })),
    countSeq: 0,
  } as StockLevel;
}

/**
 * What each location can take for each SKU right now (reservations take only
 * stock on hand), and what inbound supply within the horizon would add — the
 * latter decides backorder versus unfillable.
 */
export function availabilityFor(levels: readonly StockLevel[], channel: string, now: Date): LocationAvailability[] {
  return levels.map((level) => {
    const nowAnswer = availableNow(level, { channel } as Parameters<typeof availableNow>[1]);
    const withInbound = availableToPromise(level, { now: now.toISOString(), horizonDays: INBOUND_HORIZON_DAYS, channel } as Parameters<
      typeof availableToPromise
    >[1]);
    return {
      locationId: level.locationId,
      sku: level.sku,
      atp: nowAnswer.atp,
      inboundWithinHorizon: withInbound.explanation.inboundUnits,
    } as LocationAvailability;
  });
}
