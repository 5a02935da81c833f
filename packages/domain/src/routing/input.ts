import { z } from 'zod';
import { DeliveryMethod } from '../fulfilment-order/fulfilment-order.ts';
import { ChannelId, LineId, LocationId, OrderId, Sku } from '../ids.ts';
import { Quantity } from '../quantity.ts';
import { CountryCode, GeoPoint, MinorUnits, RoutingPolicy } from './policy.ts';

/**
 * What `routeOrder` is given. Everything is numbers the caller already has:
 * ATP comes from the inventory module (never imported here), `now` from the
 * caller's clock, so the PWA's what-if and the server's real run agree.
 */

export const LOCATION_KINDS = ['store', 'warehouse', 'dropship'] as const;
export const LOCATION_CAPABILITIES = ['ship', 'pickup', 'ship_from_store', 'curbside'] as const;
export type LocationCapability = (typeof LOCATION_CAPABILITIES)[number];

/** Country plus what is known of the place; coordinates when the channel or master data has them. */
export const RoutingAddress = z.object({
  country: CountryCode,
  region: z.string().min(1).max(100).optional(),
  postalCode: z.string().min(1).max(20).optional(),
  geo: GeoPoint.optional(),
});
export type RoutingAddress = z.infer<typeof RoutingAddress>;

export const RoutingOrderLine = z.object({
  lineId: LineId,
  sku: Sku,
  quantity: Quantity,
  deliveryMethod: DeliveryMethod,
});
export type RoutingOrderLine = z.infer<typeof RoutingOrderLine>;

export const RoutingOrder = z.object({
  id: OrderId,
  channel: ChannelId,
  lines: z
    .array(RoutingOrderLine)
    .min(1)
    .refine((lines) => new Set(lines.map((l) => l.lineId)).size === lines.length, 'line ids must be unique'),
  /** Needed by ship lines; a pickup-only order may come without one. */
  shipTo: RoutingAddress.optional(),
  /** The store the customer chose for the pickup lines. */
  pickupLocationId: LocationId.optional(),
  /** The customer asked to be served at the kerb: the store needs `curbside` too. */
  curbside: z.boolean().optional(),
});
export type RoutingOrder = z.infer<typeof RoutingOrder>;

/**
 * Carrier cut-off as the store reads it on the wall: minutes after local
 * midnight. The UTC offset in force today is passed with it, because the domain
 * has no time-zone database and the caller's one decides daylight saving.
 */
export const CarrierCutoff = z.object({
  localMinutes: z.number().int().min(0).max(1439),
  utcOffsetMinutes: z.number().int().min(-840).max(840),
});
export type CarrierCutoff = z.infer<typeof CarrierCutoff>;

export const RoutingLocation = z.object({
  id: LocationId,
  kind: z.enum(LOCATION_KINDS),
  /** Site address; coordinates normally present, otherwise resolved like a ship-to (RT11). */
  address: RoutingAddress,
  capabilities: z.array(z.enum(LOCATION_CAPABILITIES)),
  /** Absent: every channel. */
  eligibleChannels: z.array(ChannelId).optional(),
  /** Fulfilment orders (not units) the location takes per day: a packing bench is limited by orders. */
  dailyCapacity: z.number().int().nonnegative(),
  usedCapacityToday: z.number().int().nonnegative(),
  /** Null: no cut-off (a supplier that ships whenever). */
  carrierCutoff: CarrierCutoff.nullable(),
  handlingCostPerOrder: MinorUnits,
  handlingCostPerUnit: MinorUnits,
  /** 0 is the first choice; the cost model charges priorityWeight × priority. */
  priority: z.number().int().min(0).max(1000),
});
export type RoutingLocation = z.infer<typeof RoutingLocation>;

/** Per (location, SKU), computed by the caller's ATP. */
export const LocationAvailability = z.object({
  locationId: LocationId,
  sku: Sku,
  atp: z.number().int().nonnegative(),
  inboundWithinHorizon: z.number().int().nonnegative(),
});
export type LocationAvailability = z.infer<typeof LocationAvailability>;

export const RoutingContext = z.object({
  /** ISO-8601 instant the routing runs at (cut-off is judged against it). */
  now: z.iso.datetime({ offset: true }),
  excludedLocationIds: z.array(LocationId),
  /** Locations that rejected this order before: a reroute never sends it back. */
  rejectingLocationIds: z.array(LocationId),
});
export type RoutingContext = z.infer<typeof RoutingContext>;

export const RouteOrderInput = z.object({
  order: RoutingOrder,
  locations: z.array(RoutingLocation),
  availability: z.array(LocationAvailability),
  context: RoutingContext,
  policy: RoutingPolicy,
});
export type RouteOrderInput = z.infer<typeof RouteOrderInput>;
